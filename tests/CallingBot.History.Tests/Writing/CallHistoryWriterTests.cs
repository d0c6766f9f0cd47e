using CallingBot.History.Configuration;
using CallingBot.History.Diagnostics;
using CallingBot.History.Tests.Infrastructure;
using CallingBot.Testing;

namespace CallingBot.History.Tests.Writing;

/// <summary>
/// The background writer: records wait in a bounded queue that drops its oldest record when full, a store outage is
/// retried on the injected clock, counted per attempt and logged once when it starts and once when it ends.
/// </summary>
public sealed class CallHistoryWriterTests
{
    [Fact]
    public async Task Enqueue_StoreAvailable_WritesEveryRecord()
    {
        var store = new FakeStore();
        await using var harness = new HistoryHarness(store);
        await harness.Writer.StartAsync(CancellationToken.None);

        foreach (var id in new[] { "a", "b", "c" })
        {
            Assert.True(harness.Writer.Enqueue(Entries.Minimal(id, Entries.Start)));
        }

        await Eventually.UntilAsync(() => store.WrittenIds.Count == 3, "the writer writes the three records");
        Assert.Equal(["a", "b", "c"], store.WrittenIds);
        Assert.Equal(3, HistoryHarness.Sum(harness.Written));
        Assert.True(harness.Status.IsAvailable);
        Assert.Equal(0, harness.LogCount(HistoryEventIds.HistoryStoreUnavailable));
    }

    [Fact]
    public async Task StoreDown_RecordsWaitAndTheOutageIsLoggedOnceButCountedPerAttempt()
    {
        var store = new FakeStore { Failing = true };
        await using var harness = new HistoryHarness(store);
        await harness.Writer.StartAsync(CancellationToken.None);
        harness.Writer.Enqueue(Entries.Minimal("a", Entries.Start));

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await Eventually.UntilAsync(() => store.Attempts >= attempt && harness.Time.ArmedTimerCount == 1, $"failed attempt {attempt} and its retry delay");
            harness.Time.Advance(harness.Options.RetryInterval);
        }

        await Eventually.UntilAsync(() => store.Attempts >= 4 && harness.Time.ArmedTimerCount == 1, "a fourth failed attempt");
        Assert.False(harness.Status.IsAvailable);
        Assert.Contains("store down", harness.Status.LastError, StringComparison.Ordinal);
        Assert.Equal(1, harness.LogCount(HistoryEventIds.HistoryStoreUnavailable));
        Assert.Equal(store.Attempts, HistoryHarness.Sum(harness.Failures, "operation", "migrate"));
        Assert.Empty(store.WrittenIds);

        store.Failing = false;
        harness.Time.Advance(harness.Options.RetryInterval);

        await Eventually.UntilAsync(() => store.WrittenIds.Count == 1, "the waiting record is written once the store is back");
        await Eventually.UntilAsync(() => harness.Status.IsAvailable, "the store is reported available again");
        Assert.Equal(1, harness.LogCount(HistoryEventIds.HistoryStoreRecovered));
        Assert.Equal(1, harness.LogCount(HistoryEventIds.HistoryStoreUnavailable));
    }

    [Fact]
    public async Task QueueFull_DropsTheOldestWaitingRecords()
    {
        var store = new FakeStore { Failing = true };
        await using var harness = new HistoryHarness(store, new CallHistoryOptions { QueueCapacity = 3, BatchSize = 1 });
        await harness.Writer.StartAsync(CancellationToken.None);
        harness.Writer.Enqueue(Entries.Minimal("e1", Entries.Start));
        await Eventually.UntilAsync(() => store.Attempts >= 1 && harness.Time.ArmedTimerCount == 1, "a first failed attempt (maybe before e1 was queued)");
        harness.Time.Advance(harness.Options.RetryInterval);
        await Eventually.UntilAsync(() => store.Attempts >= 2 && harness.Time.ArmedTimerCount == 1, "the writer holds e1 and waits to retry");

        foreach (var id in new[] { "e2", "e3", "e4", "e5", "e6" })
        {
            Assert.True(harness.Writer.Enqueue(Entries.Minimal(id, Entries.Start)), "enqueueing never fails or blocks");
        }

        Assert.Equal(2, HistoryHarness.Sum(harness.Dropped, "reason", "queue-full"));
        Assert.Equal(1, harness.LogCount(HistoryEventIds.HistoryQueueDropping));
        Assert.True(harness.Status.IsDropping);
        Assert.Equal(3, harness.Status.QueueLength);

        store.Failing = false;
        harness.Time.Advance(harness.Options.RetryInterval);

        await Eventually.UntilAsync(() => store.WrittenIds.Count == 4, "the held and the three newest records are written");
        Assert.Equal(["e1", "e4", "e5", "e6"], store.WrittenIds);
        var recovered = Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Id == HistoryEventIds.HistoryStoreRecovered);
        Assert.Contains("2 record(s) were dropped", recovered.Message, StringComparison.Ordinal);
        harness.Time.Advance(CallHistoryStatus.DroppingWindow);
        Assert.False(harness.Status.IsDropping);
    }

    [Fact]
    public async Task Start_StoreDown_ReportsTheOutageBeforeAnyRecord()
    {
        var store = new FakeStore { Failing = true };
        await using var harness = new HistoryHarness(store);

        await harness.Writer.StartAsync(CancellationToken.None);

        // The writer marks the store unavailable, then logs the outage: wait for both.
        await Eventually.UntilAsync(
            () => !harness.Status.IsAvailable && harness.LogCount(HistoryEventIds.HistoryStoreUnavailable) > 0,
            "the store is found unavailable at start and the outage logged");
        Assert.Equal(1, harness.LogCount(HistoryEventIds.HistoryStoreUnavailable));
        Assert.Equal(1, HistoryHarness.Sum(harness.Failures, "operation", "migrate"));
        Assert.Equal(0, HistoryHarness.Sum(harness.Written));
    }

    [Fact]
    public async Task WriteFails_DatabaseLostItsTables_SchemaIsAppliedAgainBeforeTheRetry()
    {
        var store = new FakeStore();
        await using var harness = new HistoryHarness(store);
        await harness.Writer.StartAsync(CancellationToken.None);
        harness.Writer.Enqueue(Entries.Minimal("a", Entries.Start));
        await Eventually.UntilAsync(() => store.WrittenIds.Count == 1, "the first record is written");
        store.LoseSchema();

        harness.Writer.Enqueue(Entries.Minimal("b", Entries.Start));
        await Eventually.UntilAsync(() => !harness.Status.IsAvailable && harness.Time.ArmedTimerCount == 1, "the write into the lost table fails");
        harness.Time.Advance(harness.Options.RetryInterval);

        await Eventually.UntilAsync(() => store.WrittenIds.Count == 2, "the record is written after the schema was applied again");
        Assert.Equal(2, store.Migrations);
        Assert.Equal(1, HistoryHarness.Sum(harness.Failures, "operation", "write"));
    }

    [Fact]
    public async Task Stop_StoreDown_CountsAndLogsWhatIsLost()
    {
        var store = new FakeStore { Failing = true };
        await using var harness = new HistoryHarness(store);
        await harness.Writer.StartAsync(CancellationToken.None);
        foreach (var id in new[] { "a", "b", "c" })
        {
            harness.Writer.Enqueue(Entries.Minimal(id, Entries.Start));
        }

        await Eventually.UntilAsync(() => store.Attempts >= 1 && harness.Time.ArmedTimerCount == 1, "a failed attempt");
        await harness.Writer.StopAsync(CancellationToken.None);

        Assert.Equal(3, HistoryHarness.Sum(harness.Dropped, "reason", "shutdown"));
        Assert.Equal(1, harness.LogCount(HistoryEventIds.HistoryRecordsLostAtShutdown));
        Assert.False(harness.Writer.Enqueue(Entries.Minimal("late", Entries.Start)));
    }

    [Fact]
    public async Task Stop_StoreBackInTime_WritesWhatIsWaiting()
    {
        var store = new FakeStore { Failing = true };
        await using var harness = new HistoryHarness(store);
        await harness.Writer.StartAsync(CancellationToken.None);
        harness.Writer.Enqueue(Entries.Minimal("a", Entries.Start));
        harness.Writer.Enqueue(Entries.Minimal("b", Entries.Start));
        await Eventually.UntilAsync(() => store.Attempts >= 1 && harness.Time.ArmedTimerCount == 1, "a failed attempt");
        store.Failing = false;

        await harness.Writer.StopAsync(CancellationToken.None);

        Assert.Equal(["a", "b"], store.WrittenIds);
        Assert.Equal(0, HistoryHarness.Sum(harness.Dropped));
    }
}
