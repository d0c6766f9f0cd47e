namespace CallingBot.Graph.Notifications;

/// <summary>
/// What became of a notification batch handed to the SDK, in the adapter's terms: how to answer the sender (and which
/// status that takes) is the host's decision.
/// </summary>
public sealed record NotificationResult
{
    private NotificationResult(NotificationResultKind kind, string? responseJson = null, string? reason = null)
    {
        Kind = kind;
        ResponseJson = responseJson;
        Reason = reason;
    }

    public NotificationResultKind Kind { get; }

    /// <summary>For <see cref="NotificationResultKind.Answered"/>: the body the service expects back.</summary>
    public string? ResponseJson { get; }

    /// <summary>For a batch not processed: a short stable reason code; never request content.</summary>
    public string? Reason { get; }

    /// <summary>True when the SDK processed the batch (<see cref="NotificationResultKind.Accepted"/> or <see cref="NotificationResultKind.Answered"/>).</summary>
    public bool IsProcessed => Kind is NotificationResultKind.Accepted or NotificationResultKind.Answered;

    public static NotificationResult Accepted { get; } = new(NotificationResultKind.Accepted);

    public static NotificationResult NotReady { get; } = new(NotificationResultKind.NotReady, reason: "not-ready");

    public static NotificationResult Answered(string responseJson)
    {
        ArgumentException.ThrowIfNullOrEmpty(responseJson);
        return new(NotificationResultKind.Answered, responseJson);
    }

    public static NotificationResult Malformed(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new(NotificationResultKind.Malformed, reason: reason);
    }

    public static NotificationResult Failed(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new(NotificationResultKind.Failed, reason: reason);
    }
}
