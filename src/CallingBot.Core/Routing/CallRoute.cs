using CallingBot.Core.Calls;

namespace CallingBot.Core.Routing;

/// <summary>One routing rule: when <see cref="Matches"/> holds, <see cref="Decide"/> makes the decision.</summary>
public sealed class CallRoute
{
    public CallRoute(string name, Func<IncomingCallInfo, bool> matches, Func<IncomingCallInfo, CallDecision> decide)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Matches = matches ?? throw new ArgumentNullException(nameof(matches));
        Decide = decide ?? throw new ArgumentNullException(nameof(decide));
    }

    public string Name { get; }

    public Func<IncomingCallInfo, bool> Matches { get; }

    public Func<IncomingCallInfo, CallDecision> Decide { get; }
}
