using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CallingBot.Core.Handlers;

namespace CallingBot.Core.Manager;

/// <summary>
/// Enforces one handler instance per call: which handler serves which live call, and which handlers the manager has
/// disposed. A handler handed out while it serves another live call (or one being placed), or after the manager
/// disposed it, is refused.
/// </summary>
internal sealed class HandlerBindings
{
    private readonly ConcurrentDictionary<CallHandler, Binding> _live = new(ReferenceEqualityComparer.Instance);
    private readonly ConditionalWeakTable<CallHandler, string> _disposed = [];

    /// <summary>Binds <paramref name="handler"/> to <paramref name="binding"/>; returns the error to raise when it cannot serve it.</summary>
    public InvalidOperationException? TryBind(CallHandler handler, Binding binding)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_disposed.TryGetValue(handler, out var endedCallId))
        {
            return new InvalidOperationException(
                $"The handler {handler.GetType().Name} was disposed when its call {endedCallId} ended. Give each call its own handler instance (create a new one for every decision).");
        }

        var bound = _live.GetOrAdd(handler, binding);
        return ReferenceEquals(bound, binding)
            ? null
            : new InvalidOperationException(
                $"The handler {handler.GetType().Name} already serves {bound}. Give each call its own handler instance (create a new one for every decision).");
    }

    /// <summary>The call left the manager (or was never placed): the handler serves it no more, and was disposed when <paramref name="disposed"/>.</summary>
    public void Release(CallHandler handler, Binding binding, bool disposed)
    {
        if (disposed)
        {
            // Recorded before the binding goes, so a router never sees the handler free and disposed at once.
            _disposed.AddOrUpdate(handler, binding.CallId ?? "(never placed)");
        }

        _live.TryRemove(new KeyValuePair<CallHandler, Binding>(handler, binding));
    }

    /// <summary>One call's hold on its handler; compared by reference. <see cref="CallId"/> is null while the call is being placed.</summary>
    internal sealed class Binding(string? callId)
    {
        private volatile string? _callId = callId;

        public string? CallId
        {
            get => _callId;
            set => _callId = value;
        }

        public override string ToString() => _callId is { } id ? $"call {id}" : "a call being placed";
    }
}
