using System.Diagnostics.Metrics;
using CallingBot.History.Configuration;
using CallingBot.History.Diagnostics;
using CallingBot.History.Storage;
using CallingBot.History.Writing;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace CallingBot.History.Tests.Infrastructure;

/// <summary>A writer over a store, on a fake clock, with its logs and metrics collected.</summary>
internal sealed class HistoryHarness : IAsyncDisposable
{
    private readonly ServiceProvider _meters;

    public HistoryHarness(ICallHistoryStore store, CallHistoryOptions? options = null)
    {
        Store = store;
        Options = options ?? new CallHistoryOptions();
        _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = _meters.GetRequiredService<IMeterFactory>();
        Status = new CallHistoryStatus(store.Name, persistent: true, Time);
        Metrics = new HistoryMetrics(meterFactory, Status);
        Schema = new SchemaGate(store, new FakeLogger<SchemaGate>(Logs));
        Writer = new CallHistoryWriter(store, Schema, Microsoft.Extensions.Options.Options.Create(Options), Time, Metrics, Status, new FakeLogger<CallHistoryWriter>(Logs));
        Failures = new MetricCollector<long>(meterFactory, HistoryMetrics.MeterName, "callingbot.history.store_failures");
        Dropped = new MetricCollector<long>(meterFactory, HistoryMetrics.MeterName, "callingbot.history.records_dropped");
        Written = new MetricCollector<long>(meterFactory, HistoryMetrics.MeterName, "callingbot.history.records_written");
    }

    public ICallHistoryStore Store { get; }

    public CallHistoryOptions Options { get; }

    public TimerCountingTimeProvider Time { get; } = new(TestTime.Start);

    public FakeLogCollector Logs { get; } = new();

    public CallHistoryStatus Status { get; }

    public HistoryMetrics Metrics { get; }

    public SchemaGate Schema { get; }

    public CallHistoryWriter Writer { get; }

    public MetricCollector<long> Failures { get; }

    public MetricCollector<long> Dropped { get; }

    public MetricCollector<long> Written { get; }

    public int LogCount(int eventId) => Logs.GetSnapshot().Count(r => r.Id.Id == eventId);

    public static long Sum(MetricCollector<long> collector, string? tag = null, string? value = null) =>
        collector.GetMeasurementSnapshot().Where(m => tag is null || Equals(m.Tags[tag], value)).Sum(m => m.Value);

    public async ValueTask DisposeAsync()
    {
        await Writer.StopAsync(CancellationToken.None);
        Writer.Dispose();
        Schema.Dispose();
        Failures.Dispose();
        Dropped.Dispose();
        Written.Dispose();
        await _meters.DisposeAsync();
    }
}
