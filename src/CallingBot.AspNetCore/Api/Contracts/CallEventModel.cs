namespace CallingBot.AspNetCore.Api.Contracts;

/// <summary>One entry of a call's recent history (state changes, decisions, verbs, participants, keys).</summary>
internal sealed class CallEventModel
{
    public DateTimeOffset At { get; set; }

    public string Kind { get; set; } = string.Empty;

    public string Detail { get; set; } = string.Empty;
}
