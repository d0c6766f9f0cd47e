using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CallingBot.Core.Diagnostics;

namespace CallingBot.Core.Tests.Fakes;

/// <summary>Collects the measurements of one <see cref="CallMetrics"/> instance (other instances with the same meter name are ignored).</summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public MetricsRecorder(CallMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var meter = metrics.IncomingCalls.Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue(new Measurement(instrument.Name, value, tags.ToArray())));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue(new Measurement(instrument.Name, value, tags.ToArray())));
        _listener.Start();
    }

    public IReadOnlyList<Measurement> Measurements => _measurements.ToArray();

    public long Sum(string instrument) => (long)Measurements.Where(m => m.Instrument == instrument).Sum(m => m.Value);

    public long Sum(string instrument, string tag, string value) =>
        (long)Measurements.Where(m => m.Instrument == instrument && m.Tags.Any(t => t.Key == tag && Equals(t.Value, value))).Sum(m => m.Value);

    /// <summary>Reads the observable instruments now.</summary>
    public void Collect() => _listener.RecordObservableInstruments();

    /// <summary>The last value <paramref name="instrument"/> reported, or null.</summary>
    public double? Last(string instrument) => Measurements.LastOrDefault(m => m.Instrument == instrument)?.Value;

    public void Dispose() => _listener.Dispose();

    public sealed record Measurement(string Instrument, double Value, IReadOnlyList<KeyValuePair<string, object?>> Tags);
}
