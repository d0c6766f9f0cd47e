using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CallingBot.Recording.Diagnostics;

namespace CallingBot.Recording.Tests.Fakes;

/// <summary>The <c>callingbot.recording.outcomes</c> measurements of one <see cref="RecordingMetrics"/> instance, as "outcome/metadata".</summary>
public sealed class OutcomeRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _outcomes = new();

    public OutcomeRecorder(RecordingMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var meter = metrics.Outcomes.Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var named = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString(), StringComparer.Ordinal);
            for (var i = 0; i < value; i++)
            {
                _outcomes.Enqueue($"{named.GetValueOrDefault("outcome")}/{named.GetValueOrDefault("metadata")}");
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<string> Outcomes => _outcomes.ToArray();

    public void Dispose() => _listener.Dispose();
}
