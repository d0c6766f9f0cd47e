using CallingBot.Core.Calls;
using CallingBot.Core.Platform;
using CallingBot.Core.Routing;

namespace CallingBot.Core.Manager;

/// <summary>What a call's loop handles, one item at a time and in order. A closed set: the cases below are all.</summary>
internal abstract record CallWork
{
    private CallWork()
    {
    }

    /// <summary>Decide on an incoming call: ask the router (<see cref="Decision"/> null) or send the manager's own decision.</summary>
    public sealed record Decide(CallDecision? Decision) : CallWork
    {
        public static readonly Decide Routed = new((CallDecision?)null);
    }

    /// <summary>Something the calling service reported about the call.</summary>
    public sealed record Event(CallEvent CallEvent) : CallWork;

    /// <summary>How a policy group participant's request to join was answered, for the handler's in-order callback.</summary>
    public sealed record Joining(ParticipantInfo Participant, bool Accepted) : CallWork;

    /// <summary>Drop an incoming call never established in time.</summary>
    public sealed record Reap : CallWork
    {
        public static readonly Reap Instance = new();
    }
}
