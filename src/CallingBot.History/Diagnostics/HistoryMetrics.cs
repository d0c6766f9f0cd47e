using System.Diagnostics.Metrics;

namespace CallingBot.History.Diagnostics;

/// <summary>The history's instruments (meter <c>CallingBot.History</c>); docs/operations.md lists them.</summary>
internal sealed class HistoryMetrics
{
    public const string MeterName = "CallingBot.History";

    public HistoryMetrics(IMeterFactory? meterFactory, CallHistoryStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Written = meter.CreateCounter<long>("callingbot.history.records_written", unit: "{record}", description: "Call records written to the history store.");
        Dropped = meter.CreateCounter<long>(
            "callingbot.history.records_dropped",
            unit: "{record}",
            description: "Call records never written: reason queue-full (the oldest waiting record made room), shutdown (not written before the bot stopped) or invalid.");
        StoreFailures = meter.CreateCounter<long>(
            "callingbot.history.store_failures",
            unit: "{failure}",
            description: "Failed attempts on the history store, by operation: migrate, write, query, purge.");
        Purged = meter.CreateCounter<long>("callingbot.history.records_purged", unit: "{record}", description: "Call records deleted past their retention.");
        meter.CreateObservableGauge("callingbot.history.queue_length", () => status.QueueLength, unit: "{record}", description: "Call records waiting to be written.");
        meter.CreateObservableGauge("callingbot.history.store_available", () => status.IsAvailable ? 1 : 0, description: "1 when the last attempt on the history store succeeded, 0 during an outage.");
    }

    public Counter<long> Written { get; }

    public Counter<long> Dropped { get; }

    public Counter<long> StoreFailures { get; }

    public Counter<long> Purged { get; }

    public void CountDropped(long count, string reason) => Dropped.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void CountFailure(string operation) => StoreFailures.Add(1, new KeyValuePair<string, object?>("operation", operation));
}
