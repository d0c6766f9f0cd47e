namespace CallingBot.Core.Manager;

/// <summary>What became of a call, as recorded in the history (<see cref="CallRecord.Outcome"/>) and the decision metric.</summary>
internal enum CallOutcome
{
    /// <summary>Incoming, not decided yet.</summary>
    Undecided,

    /// <summary>Placed by the bot (an outgoing call or a meeting join).</summary>
    Placed,

    /// <summary>Incoming, nobody decided and <see cref="UndecidedCallAction.Ignore"/> applied.</summary>
    Ignored,

    Answered,

    Rejected,

    Redirected,

    /// <summary>The service refused or failed the answer, reject or redirect.</summary>
    DecisionFailed,

    /// <summary>Established before the bot took it over (after a restart or from an instance that left).</summary>
    Adopted,
}

internal static class CallOutcomeNames
{
    /// <summary>The stable name recorded in the history and tagged on metrics.</summary>
    public static string ToName(this CallOutcome outcome) => outcome switch
    {
        CallOutcome.Undecided => "undecided",
        CallOutcome.Placed => "placed",
        CallOutcome.Ignored => "ignored",
        CallOutcome.Answered => "answered",
        CallOutcome.Rejected => "rejected",
        CallOutcome.Redirected => "redirected",
        CallOutcome.DecisionFailed => "decision-failed",
        CallOutcome.Adopted => "adopted",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
