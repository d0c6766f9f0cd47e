namespace CallingBot.Emulator.Timeline;

/// <summary>One request, notification or event in a call's history.</summary>
public sealed class TimelineEntry
{
    public required long Sequence { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required TimelineEntryKind Kind { get; init; }

    /// <summary>HTTP method (POST, GET, DELETE) of a request or notification; null for events.</summary>
    public string? Method { get; init; }

    /// <summary>Request path, or the URI a notification was sent to.</summary>
    public string? Path { get; init; }

    /// <summary>Response status of a request or the final status of a delivery; null while a delivery is pending, 0 if it never got a response.</summary>
    public int? StatusCode { get; internal set; }

    /// <summary>Request body or notification body.</summary>
    public string? Body { get; init; }

    /// <summary>Response body of a request, or the bot's response to a notification that expects one (participantJoiningNotification).</summary>
    public string? ResponseBody { get; internal set; }

    /// <summary>Short description: the change type and resource of a notification, or the event.</summary>
    public string? Description { get; init; }

    /// <summary>Delivery attempts made for a notification.</summary>
    public int Attempts { get; internal set; }

    /// <summary>When a notification delivery finished (successfully or not).</summary>
    public DateTimeOffset? CompletedAt { get; internal set; }

    internal TimelineEntry Copy() => (TimelineEntry)MemberwiseClone();
}
