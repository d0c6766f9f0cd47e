namespace CallingBot.Core.Manager;

/// <summary>One entry of a call's recent history, safe to show operators (no secrets, numbers masked).</summary>
public sealed record CallEventRecord(DateTimeOffset At, string Kind, string Detail);
