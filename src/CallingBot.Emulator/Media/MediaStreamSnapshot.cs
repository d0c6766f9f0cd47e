namespace CallingBot.Emulator.Media;

/// <summary>The state and counters of one call's media stream.</summary>
public sealed record MediaStreamSnapshot
{
    public required string CallId { get; init; }

    /// <summary><c>connecting</c>, <c>connected</c>, <c>closed</c> or <c>failed</c>.</summary>
    public required string State { get; init; }

    /// <summary>The bot's media endpoint without its token.</summary>
    public required string Endpoint { get; init; }

    public bool Unmixed { get; init; }

    /// <summary>20 ms slots sent (each one message mixed, or one per participant unmixed).</summary>
    public long FramesSent { get; init; }

    public long MessagesSent { get; init; }

    /// <summary>Slots sent more than 5 ms after their due time on the emulator clock.</summary>
    public long LateSends { get; init; }

    /// <summary>
    /// Slots never sent: the stream fell more than 200 ms behind its schedule (an overloaded or paused emulator) and
    /// skipped ahead to the current slot instead of bursting the backlog. The bot never sees these frames.
    /// </summary>
    public long SkippedSlots { get; init; }

    public long FramesReceived { get; init; }

    public long StopAudioReceived { get; init; }

    public long UnknownMessagesReceived { get; init; }

    public long VideoFramesSent { get; init; }

    /// <summary>Video frames never sent because the stream fell more than 200 ms behind, as <see cref="SkippedSlots"/>.</summary>
    public long VideoFramesSkipped { get; init; }

    public long VideoFramesReceived { get; init; }

    /// <summary>Length of the kept received audio, in milliseconds.</summary>
    public long ReceivedMilliseconds { get; init; }

    public int? CloseStatus { get; init; }

    public string? Error { get; init; }
}
