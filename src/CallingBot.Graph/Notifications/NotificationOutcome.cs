namespace CallingBot.Graph.Notifications;

/// <summary>What the callback endpoint answers Graph after processing a notification batch.</summary>
/// <param name="StatusCode">HTTP status: 202 accepted, 200 with a body, 400 malformed, 503 not ready.</param>
/// <param name="ResponseJson">Body to return (a participant-joining response), or null.</param>
/// <param name="Error">A short reason for a rejected batch; never contains request content.</param>
public sealed record NotificationOutcome(int StatusCode, string? ResponseJson = null, string? Error = null)
{
    public static NotificationOutcome Accepted { get; } = new(202);

    public static NotificationOutcome NotReady { get; } = new(503, Error: "not-ready");
}
