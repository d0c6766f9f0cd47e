using System.Diagnostics.Metrics;
using CallingBot.History.Configuration;
using CallingBot.History.Diagnostics;
using CallingBot.History.Maintenance;
using CallingBot.History.Querying;
using CallingBot.History.Storage;
using CallingBot.History.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallingBot.History.Tests.Maintenance;

/// <summary>The purge job on the fake clock: at start, then every PurgeInterval, records past RetentionDays go.</summary>
public sealed class CallHistoryPurgerTests
{
    [Fact]
    public async Task Purger_AtStartAndEachInterval_DeletesRecordsPastTheRetention()
    {
        var time = new TimerCountingTimeProvider(TestTime.Start);
        var store = new MemoryCallHistoryStore(100);
        var now = TestTime.Start;
        await store.WriteAsync(
        [
            Entries.Minimal("40-days-old", now.AddDays(-40)) with { EndedAt = now.AddDays(-40) },
            Entries.Minimal("purged-at-the-next-run", now.AddDays(-31)) with { EndedAt = now.AddDays(-30).AddMinutes(30) },
            Entries.Minimal("10-days-old", now.AddDays(-10)) with { EndedAt = now.AddDays(-10) },
        ],
        CancellationToken.None);
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = meters.GetRequiredService<IMeterFactory>();
        using var purged = new MetricCollector<long>(meterFactory, HistoryMetrics.MeterName, "callingbot.history.records_purged");
        using var purger = Purger(store, time, meterFactory, new CallHistoryOptions { RetentionDays = 30, PurgeInterval = TimeSpan.FromHours(1) });

        await purger.StartAsync(CancellationToken.None);
        await Eventually.UntilAsync(async () => (await Ids(store)).Length == 2 && time.ArmedTimerCount == 1, "the purge at start and the next one armed");
        Assert.Equal(["purged-at-the-next-run", "10-days-old"], (await Ids(store)).Order(StringComparer.Ordinal).Reverse());

        time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(2, (await Ids(store)).Length);
        time.Advance(TimeSpan.FromMinutes(1));

        await Eventually.UntilAsync(async () => (await Ids(store)).Length == 1, "the hourly purge");
        Assert.Equal(["10-days-old"], await Ids(store));
        Assert.Equal(2, purged.GetMeasurementSnapshot().Sum(m => m.Value));
        await purger.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Purger_RetentionZero_KeepsEverything()
    {
        var time = new TimerCountingTimeProvider(TestTime.Start);
        var store = new MemoryCallHistoryStore(100);
        await store.WriteAsync([Entries.Minimal("ancient", TestTime.Start.AddYears(-20))], CancellationToken.None);
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var purger = Purger(store, time, meters.GetRequiredService<IMeterFactory>(), new CallHistoryOptions { RetentionDays = 0 });

        await purger.StartAsync(CancellationToken.None);
        await purger.ExecuteTask!;
        time.Advance(TimeSpan.FromDays(365));

        Assert.Equal(["ancient"], await Ids(store));
        Assert.Equal(0, time.ArmedTimerCount);
    }

    private static CallHistoryPurger Purger(MemoryCallHistoryStore store, TimeProvider time, IMeterFactory meterFactory, CallHistoryOptions options)
    {
        var metrics = new HistoryMetrics(meterFactory, new CallHistoryStatus(store.Name, persistent: false, time));
        return new CallHistoryPurger(store, new SchemaGate(store, NullLogger<SchemaGate>.Instance), Options.Create(options), time, metrics, NullLogger<CallHistoryPurger>.Instance);
    }

    private static async Task<string[]> Ids(MemoryCallHistoryStore store) =>
        [.. (await store.QueryAsync(new CallHistoryQuery(), CancellationToken.None)).Entries.Select(e => e.CallId)];
}
