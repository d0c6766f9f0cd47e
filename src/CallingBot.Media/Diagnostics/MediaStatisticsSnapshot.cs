namespace CallingBot.Media.Diagnostics;

/// <summary>A point-in-time copy of a call's <see cref="MediaStatistics"/>, for logs, metrics and call history.</summary>
public sealed record MediaStatisticsSnapshot
{
    public long FramesReceived { get; init; }

    public long FramesProcessed { get; init; }

    public long FramesDropped { get; init; }

    public long MissingFrames { get; init; }

    public long OutOfOrderFrames { get; init; }

    public long FramesSent { get; init; }

    public long LateFrames { get; init; }

    public long OutboundDropped { get; init; }

    public long PacingResyncs { get; init; }

    public long ProcessorErrors { get; init; }

    public long SendErrors { get; init; }

    public long VideoFramesReceived { get; init; }

    public long VideoFramesDropped { get; init; }

    public long MessagesRejected { get; init; }

    public TimeSpan Jitter { get; init; }

    public TimeSpan ProcessingDelayP50 { get; init; }

    public TimeSpan ProcessingDelayP99 { get; init; }

    public TimeSpan SendDelayP50 { get; init; }

    public TimeSpan SendDelayP99 { get; init; }

    public TimeSpan SendDelayMax { get; init; }
}
