using System.Collections.Concurrent;

namespace CallingBot.Emulator.Notifications;

/// <summary>A call's ordered queue of notifications; one drain loop delivers them one at a time.</summary>
internal sealed class CallOutbox
{
    private int _draining;

    public ConcurrentQueue<OutgoingNotification> Queue { get; } = new();

    public bool TryBeginDrain() => Interlocked.CompareExchange(ref _draining, 1, 0) == 0;

    public void EndDrain() => Volatile.Write(ref _draining, 0);
}
