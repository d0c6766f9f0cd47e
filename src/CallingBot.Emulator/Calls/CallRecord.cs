using System.Text.Json.Nodes;
using CallingBot.Emulator.Timeline;

namespace CallingBot.Emulator.Calls;

/// <summary>
/// What the emulator knows about one call. Passive and not thread-safe: the mutable members are touched only inside
/// the lock of the call's <see cref="EmulatedCall"/>, through <see cref="LockedCall"/>. The identity members (get or
/// init only) never change and may be read from anywhere.
/// </summary>
internal sealed class CallRecord
{
    private long _timelineSequence;

    public CallRecord(string id, string appId, string tenantId, string direction, CallKind kind, Uri callbackUri, DateTimeOffset createdAt, TimelineBuffer timeline)
    {
        Id = id;
        AppId = appId;
        TenantId = tenantId;
        Direction = direction;
        Kind = kind;
        CallbackUri = callbackUri;
        CreatedAt = createdAt;
        LastRequestAt = createdAt;
        Timeline = timeline;
    }

    public string Id { get; }

    public string AppId { get; }

    public string TenantId { get; }

    public string Direction { get; }

    /// <summary>What the call is; a peer-to-peer or PSTN call becomes a group call when an invited third party joins.</summary>
    public CallKind Kind { get; set; }

    public DateTimeOffset CreatedAt { get; }

    public string CallChainId { get; init; } = Guid.NewGuid().ToString();

    public required string MyParticipantId { get; init; }

    public string? PolicyGroupId { get; init; }

    public bool IsPolicyRecording => Kind == CallKind.PolicyRecording;

    public ChaosOptions Chaos { get; init; } = new();

    public Uri CallbackUri { get; set; }

    public DateTimeOffset LastRequestAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

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

    /// <summary>The replaced call of a consultative transfer that failed, on the <c>established</c> notification that says so.</summary>
    public string? ReplacesContext { get; set; }

    public JsonObject? AnsweredBy { get; set; }

    public JsonObject? IncomingContext { get; set; }

    public JsonObject? ApplicationMetadata { get; set; }

    public JsonArray RoutingPolicies { get; set; } = [];

    public int? RingingTimeoutInSeconds { get; set; }

    public string RecordingStatus { get; set; } = "unknown";

    public int ParticipantCapacity { get; set; }

    public bool DeltaRoster { get; set; }

    public bool ContentSharingNotifications { get; set; }

    public bool ToneSubscribed { get; set; }

    public int ToneSequence { get; set; }

    public int Etag { get; set; } = 1;

    public CallRoster Roster { get; } = new();

    /// <summary>Operations by id, as the last notification or response showed them.</summary>
    public Dictionary<string, JsonObject> Operations { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The stop tones of each running recordResponse, by operation id (a pressed stop tone ends it).</summary>
    public Dictionary<string, IReadOnlyList<string>> RunningRecordings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Audio routing groups by id, in creation order.</summary>
    public Dictionary<string, JsonObject> AudioRoutingGroups { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Content sharing session ids by participant id.</summary>
    public Dictionary<string, string> ContentSharingSessions { get; } = new(StringComparer.Ordinal);

    /// <summary>Requests, notifications and events of the call, bounded by the emulator's timeline limits.</summary>
    public TimelineBuffer Timeline { get; }

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
}
