using System.Diagnostics.Metrics;

namespace CallingBot.Recording.Diagnostics;

/// <summary>Compliance recording instruments, published on the meter <c>CallingBot.Recording</c>.</summary>
public sealed class RecordingMetrics : IDisposable
{
    public const string MeterName = "CallingBot.Recording";

    private readonly Meter _meter;

    public RecordingMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Outcomes = _meter.CreateCounter<long>(
            "callingbot.recording.outcomes",
            description: "Recordings that stopped, tagged by outcome (completed, failed) and by where their metadata went: primary (the recording directory), reserve (the recording directory, into the space reserved at the start because the disk was full), fallback (the fallback directory) or lost.");
    }

    /// <summary>One per stopped recording: tags <c>outcome</c> and <c>metadata</c>.</summary>
    public Counter<long> Outcomes { get; }

    public void Dispose() => _meter.Dispose();
}
