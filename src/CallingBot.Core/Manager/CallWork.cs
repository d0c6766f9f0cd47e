using System.Diagnostics;
using CallingBot.Core.Calls;
using CallingBot.Core.Diagnostics;
using CallingBot.Core.Platform;
using CallingBot.Core.Routing;

namespace CallingBot.Core.Manager;

/// <summary>What a call's loop handles, one item at a time and in order. A closed set: the cases below are all.</summary>
internal abstract record CallWork
{
    private CallWork()
    {
    }

    /// <summary>
    /// The span the item was queued under (a callback, an API request), or none: the loop runs the item's span under
    /// it, since the loop itself runs outside any request.
    /// </summary>
    public ActivityContext Parent { get; init; } = CallingBotActivity.CurrentCallWorkParent;

    /// <summary>Decide on an incoming call: ask the router (<see cref="Decision"/> null) or send the manager's own decision.</summary>
    public sealed record Decide(CallDecision? Decision) : CallWork;

    /// <summary>Something the calling service reported about the call.</summary>
    public sealed record Event(CallEvent CallEvent) : CallWork;

    /// <summary>How a policy group participant's request to join was answered, for the handler's in-order callback.</summary>
    public sealed record Joining(ParticipantInfo Participant, bool Accepted) : CallWork;

    /// <summary>Take over an established call: ask the router for a handler and give it <c>OnAdoptedAsync</c>.</summary>
    public sealed record Adopt(AdoptedCallInfo Info) : CallWork;

    /// <summary>Drop an incoming call never established in time.</summary>
    public sealed record Reap : CallWork;

    /// <summary>Drop a call at the end of a drain: its hang-up was not confirmed by the service in time.</summary>
    public sealed record Abandon : CallWork;

    /// <summary>Let the call go without ending it (a drain in a cluster): its record is stored for another instance.</summary>
    public sealed record HandOver : CallWork;
}
