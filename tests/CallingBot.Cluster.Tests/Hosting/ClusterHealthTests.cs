using System.Globalization;
using System.Net;
using System.Text.Json;
using CallingBot.Cluster.Tests.Infrastructure;
using CallingBot.Testing;

namespace CallingBot.Cluster.Tests.Hosting;

/// <summary>The cluster check of <c>/health</c> with two instances in one Redis cluster (a real redis-server on loopback).</summary>
public sealed class ClusterHealthTests
{
    [Fact]
    public async Task Health_TwoInstancesInRedisCluster_ReportsActiveMembershipAndTheMemberCount()
    {
        await using var redis = await RedisServer.StartAsync();
        var clusterId = "health-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = await LocalBot.StartAsync(new AnsweringRouter("first", new()), redis.ClusterSettings(clusterId));
        await using var second = await LocalBot.StartAsync(new AnsweringRouter("second", new()), redis.ClusterSettings(clusterId));
        using var api = first.CreateApiClient();

        JsonElement cluster = default;
        await Eventually.UntilAsync(
            async () =>
            {
                using var response = await api.GetAsync(new Uri("/health", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                cluster = report.RootElement.GetProperty("checks").GetProperty("cluster").Clone();
                return cluster.GetProperty("data").GetProperty("activeMembers").GetInt32() == 2;
            },
            "the first instance's health counts both members",
            TimeSpan.FromSeconds(60));

        Assert.Equal("Healthy", cluster.GetProperty("status").GetString());
        Assert.Equal("Redis", cluster.GetProperty("data").GetProperty("mode").GetString());
        Assert.Equal("Active", cluster.GetProperty("data").GetProperty("status").GetString());
    }


}
