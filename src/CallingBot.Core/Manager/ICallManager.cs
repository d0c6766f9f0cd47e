using CallingBot.Core.Handlers;
using CallingBot.Core.Platform;

namespace CallingBot.Core.Manager;

/// <summary>Holds every call of this bot instance and runs their handlers.</summary>
public interface ICallManager
{
    int ActiveCallCount { get; }

    IReadOnlyList<CallSnapshot> ListCalls();

    CallSnapshot? GetCall(string callId);

    /// <summary>The live call for operations (play a prompt, transfer…), or null when the manager does not hold it.</summary>
    ICallContext? FindCall(string callId);

    Task<CallSnapshot> CreateCallAsync(OutboundCallRequest request, CallHandler handler, CancellationToken cancellationToken);

    Task<CallSnapshot> JoinMeetingAsync(MeetingJoinRequest request, CallHandler handler, CancellationToken cancellationToken);

    /// <summary>Stops taking new calls, waits up to <paramref name="timeout"/> for calls to end, then hangs up the rest.</summary>
    Task DrainAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
