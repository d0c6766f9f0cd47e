using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using CallingBot.Cluster.Tests.Infrastructure;
using CallingBot.Emulator.Control;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace CallingBot.Cluster.Tests.Hosting;

/// <summary>The default: one silo inside the host, localhost clustering, grain state in memory, nothing to install.</summary>
public sealed class EmbeddedSiloTests
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    [Fact]
    public async Task LocalHost_CallAnsweredAndHungUp_ListedWithItsInstanceThenForgotten()
    {
        var traces = new ConcurrentDictionary<string, CallTrace>();
        await using var bot = await LocalBot.StartAsync(new AnsweringRouter("local", traces));
        var owners = bot.Services.GetRequiredService<CallOwners>();
        var control = bot.Emulator.Control;
        using var api = bot.CreateApiClient();

        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId, FromDisplayName = "Alice" });
        await Eventually.WithinAsync(control.WaitForCallStateAsync(callId, "established"), "emulator sees the call established");
        await Eventually.UntilAsync(() => traces.TryGetValue(callId, out var t) && t.Events.Count(e => e.Event == "joined") == 2, "handler sees both participants");

        using var list = JsonDocument.Parse(await api.GetStringAsync(new Uri("/api/v1/calls", UriKind.Relative)));
        var call = Assert.Single(list.RootElement.GetProperty("calls").EnumerateArray());
        Assert.Equal(callId, call.GetProperty("id").GetString());
        Assert.Equal(owners.Instance.Name, call.GetProperty("instance").GetString());
        Assert.StartsWith("127.0.0.1:", owners.Instance.Name, StringComparison.Ordinal);
        Assert.Empty(list.RootElement.GetProperty("unavailableInstances").EnumerateArray());

        await control.HangUpAsync(callId);
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "the call leaves the manager");
        await bot.Services.GetRequiredService<CallingBot.Cluster.Calls.ClusterCallRegistry>().WhenSettledAsync();
        Assert.Equal(["established", "joined", "joined", "terminated"], traces[callId].Events.Select(e => e.Event));
        using var after = JsonDocument.Parse(await api.GetStringAsync(new Uri("/api/v1/calls", UriKind.Relative)));
        Assert.Equal(0, after.RootElement.GetProperty("count").GetInt32());
        using var gone = await api.GetAsync(new Uri($"/api/v1/calls/{callId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task ApiRequest_ForACallNoInstanceHolds_Answers404WithoutACallGrain()
    {
        await using var bot = await LocalBot.StartAsync(new AnsweringRouter("local", new()));
        using var api = bot.CreateApiClient();
        var management = bot.Services.GetRequiredService<ClusterSilo>().Grains.GetGrain<IManagementGrain>(0);

        foreach (var _ in Enumerable.Range(0, 3))
        {
            using var response = await api.GetAsync(new Uri($"/api/v1/calls/{Guid.NewGuid()}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // A single instance holds every call it has: a request about another call is about no call, and asks no grain.
        var callGrains = (await management.GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains(nameof(CallingBot.Cluster.Calls.CallGrain), StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);
        Assert.Equal(0, callGrains);
    }

    [Fact]
    public async Task TwoLocalHosts_InOneProcess_EachHasItsOwnSilo()
    {
        var traces = new ConcurrentDictionary<string, CallTrace>();
        await using var first = await LocalBot.StartAsync(new AnsweringRouter("first", traces));
        await using var second = await LocalBot.StartAsync(new AnsweringRouter("second", traces));

        var firstName = first.Services.GetRequiredService<CallOwners>().Instance.Name;
        var secondName = second.Services.GetRequiredService<CallOwners>().Instance.Name;

        Assert.NotEqual(firstName, secondName);
        var instances = await first.Services.GetRequiredService<CallOwners>().ListCallsAsync(CancellationToken.None);
        Assert.Equal(firstName, Assert.Single(instances).Instance);
    }

    [Theory]
    [InlineData("CallingBot:Cluster:Mode", "Redis", "CallingBot:Cluster:RedisConnectionString is required")]
    [InlineData("CallingBot:Cluster:SiloPort", "0", "CallingBot:Cluster:SiloPort must be between 1 and 65535")]
    [InlineData("CallingBot:Cluster:AdvertisedAddress", "not-an-address", "CallingBot:Cluster:AdvertisedAddress must be one IP address")]
    public async Task Start_WithABadClusterSetting_FailsNamingIt(string key, string value, string expected)
    {
        var app = await LocalBot.CreateAsync(new AnsweringRouter("bad", new()), new Dictionary<string, string?> { [key] = value });
        await using (app)
        {
            var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

            Assert.Contains(failure.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
        }
    }
}
