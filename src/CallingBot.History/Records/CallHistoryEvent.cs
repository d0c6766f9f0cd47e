namespace CallingBot.History.Records;

/// <summary>
/// One entry of a call's event list as stored. With masking on, only details known to hold no party or key are kept
/// (decisions, states, verbs and their durations); the others keep their kind and time.
/// </summary>
public sealed record CallHistoryEvent(DateTimeOffset At, string Kind, string? Detail);
