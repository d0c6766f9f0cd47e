using CallingBot.Core.Meetings;

namespace CallingBot.Core.Calls;

/// <summary>What the calling service said about an incoming call, before anyone decided what to do with it.</summary>
public sealed record IncomingCallInfo
{
    public required string CallId { get; init; }

    public required string TenantId { get; init; }

    public required ParticipantIdentity Caller { get; init; }

    /// <summary>Who was called: the bot itself, or the person on whose behalf the bot was invited.</summary>
    public ParticipantIdentity? Callee { get; init; }

    /// <summary>The meeting this call invites the bot into, if it is a meeting invite.</summary>
    public MeetingCoordinates? Meeting { get; init; }

    /// <summary>Set when the call is a policy-based compliance recording invitation.</summary>
    public PolicyRecordingInfo? PolicyRecording { get; init; }

    /// <summary>Modalities the caller offers (audio, video, videoBasedScreenSharing).</summary>
    public IReadOnlyList<string> Modalities { get; init; } = ["audio"];

    /// <summary>When the bot learned about the call (from the injected clock).</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    public bool IsPeerToPeer => Meeting is null && PolicyRecording is null;

    /// <summary>How long the calling service waits for answer/reject/redirect.</summary>
    public TimeSpan DecisionDeadline => PolicyRecording is null ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(5);
}
