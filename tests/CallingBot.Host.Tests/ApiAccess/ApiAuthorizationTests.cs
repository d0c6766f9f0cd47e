using System.Net;
using System.Net.Http.Json;
using CallingBot.AspNetCore.ApiAccess;
using CallingBot.Host.Tests.Api;

namespace CallingBot.Host.Tests.ApiAccess;

public sealed class ApiAuthorizationTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task CreateCall_WithoutTheApiKey_Returns401AndPlacesNoCall(string? key)
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(ApiAuthorization.ApiKeyHeader, key);
        }

        using var response = await client.PostAsJsonAsync("/api/v1/calls", new { targets = new[] { new { kind = "user", id = "5f0c3a51-7d4e-4b8a-9c2d-1e2f3a4b5c6d" } } });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(bot.Emulator.Control.ListCalls());
    }

    [Fact]
    public async Task ListCalls_WithoutTheApiKey_Returns401()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateClient();

        using var response = await client.GetAsync("/api/v1/calls");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
