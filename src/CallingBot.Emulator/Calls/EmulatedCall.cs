using System.Text.Json.Nodes;
using CallingBot.Emulator.Notifications;
using CallingBot.Emulator.Timeline;

namespace CallingBot.Emulator.Calls;

/// <summary>The server-side state of one call. Every access goes through <see cref="Gate"/>.</summary>
internal sealed class EmulatedCall
{
    private long _timelineSequence;

    public EmulatedCall(string id, string appId, string tenantId, string direction, CallKind kind, Uri callbackUri, DateTimeOffset createdAt)
    {
        Id = id;
        AppId = appId;
        TenantId = tenantId;
        Direction = direction;
        Kind = kind;
        CallbackUri = callbackUri;
        CreatedAt = createdAt;
        LastRequestAt = createdAt;
    }

    public object Gate { get; } = new();

    public string Id { get; }

    public string AppId { get; }

    public string TenantId { get; }

    public string Direction { get; }

    public CallKind Kind { get; set; }

    public string State { get; set; } = CallStates.Incoming;

    public Uri CallbackUri { get; set; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset LastRequestAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string CallChainId { get; init; } = Guid.NewGuid().ToString();

    public required string MyParticipantId { get; init; }

    public required JsonObject Source { get; set; }

    public JsonArray Targets { get; set; } = [];

    public List<string> RequestedModalities { get; set; } = ["audio"];

    public List<string> ActiveModalities { get; set; } = [];

    public JsonObject? MediaConfig { get; set; }

    public JsonObject? CallOptions { get; set; }

    public JsonObject? ChatInfo { get; set; }

    public JsonObject? MeetingInfo { get; set; }

    public string? MeetingThreadId { get; set; }

    public string? Subject { get; set; }

    public JsonObject? ResultInfo { get; set; }

    public string? TerminationReason { get; set; }

    public JsonObject? AnsweredBy { get; set; }

    public JsonObject? IncomingContext { get; set; }

    public JsonObject? ApplicationMetadata { get; set; }

    public JsonArray RoutingPolicies { get; set; } = [];

    public int? RingingTimeoutInSeconds { get; set; }

    public string RecordingStatus { get; set; } = "unknown";

    public bool IsPolicyRecording => Kind == CallKind.PolicyRecording;

    public string? PolicyGroupId { get; set; }

    public int ParticipantCapacity { get; set; }

    public bool DeltaRoster { get; set; }

    public bool ContentSharingNotifications { get; set; }

    public int RosterSequence { get; set; }

    /// <summary>Callees and invitees still ringing, and policy-group participants offered but not yet accepted: they count against the participant limit.</summary>
    public int PendingJoins { get; set; }

    public bool ToneSubscribed { get; set; }

    public int ToneSequence { get; set; }

    public int Etag { get; set; } = 1;

    public int NextSourceId { get; set; } = 1;

    public List<EmulatedParticipant> Participants { get; } = [];

    public Dictionary<string, JsonObject> Operations { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string> ContentSharingSessions { get; } = new(StringComparer.Ordinal);

    public ChaosOptions Chaos { get; set; } = new();

    public ITimer? AnswerTimer { get; set; }

    public ITimer? IdleTimer { get; set; }

    public List<ITimer> ScheduledActions { get; } = [];

    /// <summary>Requests, notifications and events of the call, bounded by the emulator's timeline limits.</summary>
    public required TimelineBuffer Timeline { get; init; }

    public CallOutbox Outbox { get; } = new();

    /// <summary>Signalled (and replaced) whenever the call changes; awaiters re-check their condition.</summary>
    public TaskCompletionSource Changed { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsTerminated => State == CallStates.Terminated;

    public EmulatedParticipant? BotParticipant => Participants.FirstOrDefault(p => p.IsBot);

    public TimelineEntry AddTimeline(TimelineEntryKind kind, DateTimeOffset timestamp, string? method = null, string? path = null, int? status = null, string? body = null, string? responseBody = null, string? description = null)
    {
        var entry = new TimelineEntry
        {
            Sequence = ++_timelineSequence,
            Timestamp = timestamp,
            Kind = kind,
            Method = method,
            Path = path,
            StatusCode = status,
            Body = body,
            ResponseBody = responseBody,
            Description = description,
        };
        Timeline.Add(entry);
        return entry;
    }

    /// <summary>Wakes everyone waiting for a change. Call while holding <see cref="Gate"/>.</summary>
    public void SignalChanged()
    {
        var previous = Changed;
        Changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }
}
