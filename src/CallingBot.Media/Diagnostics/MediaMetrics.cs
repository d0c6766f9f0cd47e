using System.Diagnostics.Metrics;

namespace CallingBot.Media.Diagnostics;

/// <summary>
/// The media pipelines' instruments, summed over every call of the process, on the meter <c>CallingBot.Media</c>:
/// frames received, sent, late, dropped and missing, and the inbound interarrival jitter as a histogram. Each
/// pipeline given this object through <see cref="Pipeline.MediaPipelineOptions.Metrics"/> records into it next to
/// its own per-call <see cref="MediaStatistics"/>; one instance serves the whole process.
/// </summary>
public sealed class MediaMetrics : IDisposable
{
    public const string MeterName = "CallingBot.Media";

    /// <summary>How many frames of one inbound source pass between two jitter samples: one second of 20 ms frames.</summary>
    public const int JitterSampleInterval = 50;

    internal static readonly KeyValuePair<string, object?> Audio = new("kind", "audio");
    internal static readonly KeyValuePair<string, object?> Video = new("kind", "video");
    internal static readonly KeyValuePair<string, object?> Inbound = new("direction", "inbound");
    internal static readonly KeyValuePair<string, object?> Outbound = new("direction", "outbound");

    private readonly Meter _meter;

    public MediaMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        FramesReceived = _meter.CreateCounter<long>("callingbot.media.frames_received", unit: "{frame}", description: "Media frames received from the calling service, tagged by kind (audio, video).");
        FramesSent = _meter.CreateCounter<long>("callingbot.media.frames_sent", unit: "{frame}", description: "Audio frames sent to the calling service.");
        FramesLate = _meter.CreateCounter<long>("callingbot.media.frames_late", unit: "{frame}", description: "Audio frames sent later than the late threshold (5 ms by default) after their 20 ms slot.");
        FramesDropped = _meter.CreateCounter<long>("callingbot.media.frames_dropped", unit: "{frame}", description: "Frames discarded because a queue was full (drop-oldest), tagged by direction (inbound: processors fell behind; outbound: the send queue overflowed) and kind.");
        FramesMissing = _meter.CreateCounter<long>("callingbot.media.frames_missing", unit: "{frame}", description: "Inbound audio frames absent from a source's media timeline (gaps in its timestamps).");
        Jitter = _meter.CreateHistogram(
            "callingbot.media.jitter",
            unit: "s",
            description: "Interarrival jitter of inbound audio (RFC 3550), sampled once per second of each source's audio.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2] });
    }

    internal Counter<long> FramesReceived { get; }

    internal Counter<long> FramesSent { get; }

    internal Counter<long> FramesLate { get; }

    internal Counter<long> FramesDropped { get; }

    internal Counter<long> FramesMissing { get; }

    internal Histogram<double> Jitter { get; }

    public void Dispose() => _meter.Dispose();
}
