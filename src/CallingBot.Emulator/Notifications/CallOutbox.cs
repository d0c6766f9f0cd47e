using System.Collections.Concurrent;

namespace CallingBot.Emulator.Notifications;

/// <summary>
/// One call's ordered queue of notifications. The call adds to it (inside its lock, which keeps the order) and then
/// posts it to the <see cref="NotificationDispatcher"/> (outside the lock); the dispatcher drains it with at most one
/// delivery loop at a time and reports each finished delivery through <paramref name="delivered"/>.
/// </summary>
internal sealed class CallOutbox(string callId, string scenarioId, Action<OutgoingNotification, DeliveryResult> delivered)
{
    private readonly ConcurrentQueue<OutgoingNotification> _queue = new();
    private int _draining;

    public string CallId => callId;

    /// <summary>The call chain id, sent as the <c>scenario-id</c> header.</summary>
    public string ScenarioId => scenarioId;

    public bool IsEmpty => _queue.IsEmpty;

    public void Add(OutgoingNotification notification) => _queue.Enqueue(notification);

    public bool TryTake(out OutgoingNotification notification) => _queue.TryDequeue(out notification!);

    public bool TryBeginDrain() => Interlocked.CompareExchange(ref _draining, 1, 0) == 0;

    public void EndDrain() => Volatile.Write(ref _draining, 0);

    public void OnDelivered(OutgoingNotification notification, DeliveryResult result) => delivered(notification, result);
}
