namespace CallingBot.Cluster.Calls;

/// <summary>What the owning instance made of a notification batch.</summary>
public enum CallNotificationOutcomeKind
{
    /// <summary>Processed; the sender expects no answer.</summary>
    Accepted,

    /// <summary>Processed; the sender expects <see cref="CallNotificationOutcome.ResponseJson"/> back.</summary>
    Answered,

    /// <summary>Not processed and never will be: nothing to retry (a call that ended, a tenant without a call here).</summary>
    Dropped,

    /// <summary>The SDK cannot read the batch.</summary>
    Malformed,

    /// <summary>The owner is not ready, or no instance owns the call yet: the sender should retry.</summary>
    NotReady,

    /// <summary>Processing failed inside the owner: the sender may retry.</summary>
    Failed,
}
