using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CallingBot.Cluster.Tests.Infrastructure;
using CallingBot.Core.Calls;
using CallingBot.Core.Manager;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Cluster.Tests.Calls;

/// <summary>
/// Two instances of one Redis cluster sharing one PostgreSQL history (a real server started here): each records the
/// calls it owned, and either lists both.
/// </summary>
public sealed class SharedHistoryTests
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    [Fact]
    public async Task History_TwoInstancesOnOnePostgreSqlDatabase_EachListsTheCallsOfBoth()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var postgres = await PostgreSqlServer.StartNewAsync();
        var connectionString = await postgres.CreateDatabaseAsync("callingbot");
        var clusterId = "history-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = await LocalBot.StartAsync(new RejectingRouter(), Settings(redis, clusterId, connectionString));
        await using var second = await LocalBot.StartAsync(new RejectingRouter(), Settings(redis, clusterId, connectionString));

        var firstCall = await RingAsync(first);
        var secondCall = await RingAsync(second);

        foreach (var bot in new[] { first, second })
        {
            using var api = bot.CreateApiClient();
            string[] listed = [];
            await Eventually.UntilAsync(
                async () =>
                {
                    using var page = JsonDocument.Parse(await api.GetStringAsync(new Uri("/api/v1/history", UriKind.Relative)));
                    listed = [.. page.RootElement.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("callId").GetString()!)];
                    return listed.Length == 2;
                },
                "both instances' calls are in the shared history");
            Assert.Equal([secondCall, firstCall], listed);
        }
    }

    private static async Task<string> RingAsync(LocalBot bot)
    {
        var callId = await bot.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId });
        var history = bot.Services.GetRequiredService<ICallHistory>();
        await Eventually.UntilAsync(() => history.Recent(10).Any(r => r.CallId == callId), $"call {callId} is rejected and recorded by its owner");
        return callId;
    }

    private static Dictionary<string, string?> Settings(RedisServer redis, string clusterId, string connectionString)
    {
        var settings = redis.ClusterSettings(clusterId);
        settings["CallingBot:History:Store"] = "PostgreSql";
        settings["CallingBot:History:PostgreSql:ConnectionString"] = connectionString;
        return settings;
    }


    private sealed class RejectingRouter : IIncomingCallRouter
    {
        public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken) => ValueTask.FromResult(CallDecision.Reject());
    }
}
