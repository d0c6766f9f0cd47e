namespace CallingBot.History.Records;

/// <summary>The media pipeline's counters when an app-hosted call ended (see MediaStatistics in CallingBot.Media).</summary>
public sealed record CallHistoryMediaQuality
{
    public long FramesReceived { get; init; }

    /// <summary>Inbound frames dropped because the processors fell behind.</summary>
    public long FramesDropped { get; init; }

    /// <summary>Inbound frames absent from the media timeline (network loss).</summary>
    public long FramesMissing { get; init; }

    public long FramesSent { get; init; }

    /// <summary>Outbound frames sent late.</summary>
    public long FramesLate { get; init; }

    /// <summary>Outbound frames dropped from a full send queue.</summary>
    public long OutboundDropped { get; init; }

    /// <summary>Largest interarrival jitter of the inbound sources, in milliseconds.</summary>
    public double JitterMs { get; init; }

    /// <summary>99th percentile of the time from a frame's arrival to the end of its processing, in milliseconds.</summary>
    public double ProcessingDelayP99Ms { get; init; }

    /// <summary>99th percentile of the outbound frames' lateness, in milliseconds.</summary>
    public double SendDelayP99Ms { get; init; }
}
