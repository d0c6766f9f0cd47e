namespace CallingBot.Cluster.Calls;

/// <summary>
/// The owner's half of notification intake, implemented by the host: hands a batch to this instance's calling
/// platform and call registry. Called by the call's grain, one batch at a time per call.
/// </summary>
public interface ICallNotificationHandler
{
    /// <param name="notification">The batch.</param>
    /// <param name="receivedElsewhere">
    /// True when another instance received the batch: its checks against calls this instance knows (ended calls, the
    /// token tenant's live calls) ran there against that instance's calls, and must run again here.
    /// </param>
    CallNotificationOutcome Handle(CallNotification notification, bool receivedElsewhere);
}
