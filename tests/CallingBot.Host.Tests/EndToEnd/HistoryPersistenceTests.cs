using System.Net;
using CallingBot.Core.Manager;
using CallingBot.Core.Routing;
using CallingBot.AspNetCore.Api;
using CallingBot.Host.Tests.Api;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Host.Tests.Telemetry;
using CallingBot.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.EndToEnd;

/// <summary>
/// The call history on the real host in local mode: it survives a restart of the host, and a store that cannot be
/// written (an unusable SQLite path, a PostgreSQL server that stops) changes nothing for calls while health and metrics
/// show the failure. In the telemetry collection: the metrics it reads are process-wide.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class HistoryPersistenceTests : IDisposable
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("callingbot-history-e2e-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task History_HostRestarted_StillListsTheCallsOfTheFirstRun()
    {
        var settings = Settings(new() { ["CallingBot:History:Sqlite:Path"] = Path.Combine(_directory.FullName, "history.db") });
        string callId;
        await using (var first = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Reject()), settings))
        {
            using var client = first.CreateApiClient();
            callId = await HistoryApiTests.RingAsync(first, AliceId);
            await HistoryApiTests.WaitForCallsAsync(client, ApiPath, 1);
        }

        await using var second = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Reject()), settings);
        using var secondClient = second.CreateApiClient();

        var calls = await HistoryApiTests.WaitForCallsAsync(secondClient, ApiPath, 1);

        Assert.Equal(callId, Assert.Single(calls).GetProperty("callId").GetString());
        Assert.Equal("rejected", calls[0].GetProperty("outcome").GetString());
        Assert.Empty(second.Services.GetRequiredService<ICallHistory>().Recent(10));
    }

    [Fact]
    public async Task SqlitePathUnwritable_CallsGoOnWhileHealthAndMetricsShowTheFailure()
    {
        // Root may write anywhere, but nobody creates a folder inside a file.
        var file = Path.Combine(_directory.FullName, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        var router = new DelegateRouter(_ => CallDecision.Reject());
        await using var bot = await BotHost.StartAsync(router, Settings(new() { ["CallingBot:History:Sqlite:Path"] = Path.Combine(file, "history.db") }));
        using var client = bot.CreateApiClient();

        var callId = await HistoryApiTests.RingAsync(bot, AliceId);

        Assert.Contains(bot.Services.GetRequiredService<ICallHistory>().Recent(10), r => r.CallId == callId && r.Outcome == "rejected");
        Assert.Single(router.Seen);
        await AssertDegradedAsync(client, "sqlite");
        using var history = await client.GetAsync(ApiPath);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, history.StatusCode);
        Assert.Equal("application/problem+json", history.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PostgreSqlStoppedAndStartedAgain_CallsGoOnAndTheWaitingRecordsAreWritten()
    {
        await using var postgres = await PostgreSqlServer.StartNewAsync();
        var connectionString = await postgres.CreateDatabaseAsync("callingbot");
        var settings = Settings(new()
        {
            ["CallingBot:History:Store"] = "PostgreSql",
            ["CallingBot:History:PostgreSql:ConnectionString"] = connectionString,
            ["CallingBot:History:RetryInterval"] = "00:00:00.2",
            ["CallingBot:History:CommandTimeout"] = "00:00:03",
        });
        var router = new DelegateRouter(_ => CallDecision.Reject());
        await using var bot = await BotHost.StartAsync(router, settings);
        using var client = bot.CreateApiClient();
        var before = await HistoryApiTests.RingAsync(bot, AliceId);
        await HistoryApiTests.WaitForCallsAsync(client, ApiPath, 1);

        await postgres.StopAsync();
        var during = await HistoryApiTests.RingAsync(bot, AliceId);

        Assert.Equal(2, router.Seen.Count);
        Assert.Contains(bot.Services.GetRequiredService<ICallHistory>().Recent(10), r => r.CallId == during && r.Outcome == "rejected");
        await AssertDegradedAsync(client, "postgresql");

        await postgres.StartAsync();

        var status = bot.Services.GetRequiredService<CallingBot.History.Diagnostics.CallHistoryStatus>();
        try
        {
            await Eventually.UntilAsync(() => status.IsAvailable && status.QueueLength == 0, "the writer reaches the restarted server", TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message} Last error: {status.LastError}; records waiting: {status.QueueLength}.", timeout);
        }

        var calls = await HistoryApiTests.WaitForCallsAsync(client, ApiPath, 2);
        Assert.Equal([during, before], calls.Select(c => c.GetProperty("callId").GetString()));
        await Eventually.UntilAsync(async () => await ReadyBodyAsync(client) == "Healthy", "health is back to Healthy once the store took the waiting record");
    }

    private const string ApiPath = "/" + ApiRoutes.History;

    private static Dictionary<string, string?> Settings(Dictionary<string, string?> history)
    {
        history["CallingBot:Api:ApiKey"] = ApiTestHost.ApiKey;
        return history;
    }

    /// <summary>Readiness still answers 200, degraded; the failures are counted on /metrics and the store reported down.</summary>
    private static async Task AssertDegradedAsync(HttpClient client, string store)
    {
        await Eventually.UntilAsync(async () => await ReadyBodyAsync(client) == "Degraded", "readiness reports the history store degraded");
        using (var ready = await client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        using var metrics = await client.GetAsync("/metrics");
        var scrape = await metrics.Content.ReadAsStringAsync();
        Assert.Equal(0, PrometheusEndpointTests.Value(scrape, "callingbot_history_store_available"));
        var failures = scrape.Split('\n').Where(l => l.StartsWith("callingbot_history_store_failures_total{", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(failures);
        Assert.True(failures.Sum(l => double.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)) > 0, $"failures of {store} are counted");
    }

    private static async Task<string> ReadyBodyAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/ready");
        return await response.Content.ReadAsStringAsync();
    }
}
