using System.Net;
using CallingBot.Host.Tests.Api;
using CallingBot.Host.Tests.Infrastructure;

namespace CallingBot.Host.Tests.Health;

/// <summary><c>/health</c> on the real host in local mode: every check with its details, for API callers only.</summary>
public sealed class AggregatedHealthTests
{
    [Fact]
    public async Task Health_WithApiKey_ListsEveryCheckHealthy()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var report = await response.ReadJsonAsync();
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        var checks = report.GetProperty("checks");
        Assert.Equal(["cluster", "graph-credentials", "history", "ready"], checks.EnumerateObject().Select(c => c.Name));
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
        Assert.Equal("Embedded", checks.GetProperty("cluster").GetProperty("data").GetProperty("mode").GetString());
        Assert.Equal(1, checks.GetProperty("cluster").GetProperty("data").GetProperty("activeMembers").GetInt32());
        Assert.Equal("client secret", checks.GetProperty("graph-credentials").GetProperty("data").GetProperty("credential").GetString());
        Assert.Equal(["ready"], checks.GetProperty("ready").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Health_WithoutCredentials_IsRefusedWhileProbesStayOpen()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var anonymous = bot.CreateClient();

        using var health = await anonymous.GetAsync("/health");
        using var ready = await anonymous.GetAsync("/health/ready");
        using var live = await anonymous.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.Unauthorized, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
