namespace CallingBot.Graph.Notifications;

/// <summary>What became of a notification batch handed to the SDK.</summary>
public enum NotificationResultKind
{
    /// <summary>Processed; the service expects no answer.</summary>
    Accepted,

    /// <summary>Processed, and the service expects the answer in <see cref="NotificationResult.ResponseJson"/> (a participantJoiningResponse).</summary>
    Answered,

    /// <summary>The SDK cannot read the batch: sending the same batch again can never succeed.</summary>
    Malformed,

    /// <summary>The calling platform is not initialized yet: the same batch may succeed later.</summary>
    NotReady,

    /// <summary>Processing failed inside the bot: the same batch may succeed later.</summary>
    Failed,
}
