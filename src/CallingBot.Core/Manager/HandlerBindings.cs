using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CallingBot.Core.Handlers;

namespace CallingBot.Core.Manager;

/// <summary>
/// Enforces one handler instance per call: which handler serves which live call, and which handlers the manager has
/// disposed. A handler handed out while it serves another live call, or after the manager disposed it, is refused.
/// </summary>
internal sealed class HandlerBindings
{
    /// <summary>The call id a handler is bound to while its call is being placed and has no id yet.</summary>
    public const string Placing = "(being placed)";

    private readonly ConcurrentDictionary<CallHandler, string> _live = new(ReferenceEqualityComparer.Instance);
    private readonly ConditionalWeakTable<CallHandler, string> _disposed = [];

    /// <summary>Binds <paramref name="handler"/> to <paramref name="callId"/>; returns the error to raise when it cannot serve it.</summary>
    public InvalidOperationException? TryBind(CallHandler handler, string callId)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_disposed.TryGetValue(handler, out var endedCallId))
        {
            return new InvalidOperationException(
                $"The handler {handler.GetType().Name} was disposed when its call {endedCallId} ended. Give each call its own handler instance (create a new one for every decision).");
        }

        var bound = _live.GetOrAdd(handler, callId);
        return string.Equals(bound, callId, StringComparison.Ordinal)
            ? null
            : new InvalidOperationException(
                $"The handler {handler.GetType().Name} already serves call {bound}. Give each call its own handler instance (create a new one for every decision).");
    }

    /// <summary>Moves a binding made while the call was being placed to the call id the service assigned.</summary>
    public void Rebind(CallHandler handler, string from, string to) => _live.TryUpdate(handler, to, from);

    /// <summary>The call left the manager: the handler serves it no more (and was disposed when <paramref name="disposed"/>).</summary>
    public void Release(CallHandler handler, string callId, bool disposed)
    {
        if (disposed)
        {
            // Recorded before the binding goes, so a router never sees the handler free and disposed at once.
            _disposed.AddOrUpdate(handler, callId);
        }

        _live.TryRemove(new KeyValuePair<CallHandler, string>(handler, callId));
    }
}
