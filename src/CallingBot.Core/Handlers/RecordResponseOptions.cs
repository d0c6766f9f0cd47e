using CallingBot.Core.Calls;

namespace CallingBot.Core.Handlers;

/// <summary>Options of a service-hosted recording of the caller's response (recordResponse).</summary>
public sealed record RecordResponseOptions
{
    public IReadOnlyList<Prompt> Prompts { get; init; } = [];

    public bool BargeInAllowed { get; init; } = true;

    public TimeSpan InitialSilenceTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxSilenceTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan MaxRecordDuration { get; init; } = TimeSpan.FromSeconds(60);

    public bool PlayBeep { get; init; } = true;

    /// <summary>Keys that end the recording, for example <c>#</c>.</summary>
    public string StopTones { get; init; } = "#";
}
