namespace CallingBot.Media.Load;

/// <summary>Where the load runs: the bot and the emulator in this process, or each in a process of its own.</summary>
internal interface IMediaLoadScene : IAsyncDisposable
{
    /// <summary>One line saying which processes run what.</summary>
    string Description { get; }

    /// <summary>The bot's process id (for a profiler).</summary>
    int BotProcessId { get; }

    Task<string> PlaceCallAsync();

    /// <summary>Calls whose media the bot has connected.</summary>
    Task<int> BotConnectedAsync();

    /// <summary>How many of <paramref name="callIds"/> have their emulator media stream connected.</summary>
    Task<int> EmulatorConnectedAsync(IReadOnlyList<string> callIds);

    /// <summary>
    /// The states of the emulator's streams of <paramref name="callIds"/> that are not connected, counted (a stream not
    /// started yet is "none"), with the first error of each state, for the message of a step whose calls did not connect.
    /// </summary>
    Task<string> EmulatorUnconnectedAsync(IReadOnlyList<string> callIds);

    Task ResetBotAsync();

    Task<BotFigures> ReadBotAsync();

    /// <summary>
    /// The emulator's sending figures summed over <paramref name="callIds"/>: late sends (frames that left more than 5 ms
    /// after their slot) and skipped slots (frames never sent because the stream fell more than 200 ms behind).
    /// </summary>
    Task<EmulatorSends> EmulatorSendsAsync(IReadOnlyList<string> callIds);

    /// <summary>CPU time used so far by the bot's process and by the emulator's (null when it is the same process).</summary>
    (TimeSpan Bot, TimeSpan? Emulator) CpuTime();

    /// <summary>Hangs up a call; false (with the reason) when the emulator no longer has it or refuses.</summary>
    Task<(bool Done, string? Reason)> TryHangUpAsync(string callId);
}

/// <summary>What the emulator's streams sent late or never sent; subtract two readings for a step's share.</summary>
internal readonly record struct EmulatorSends(long Late, long Skipped)
{
    public static EmulatorSends operator -(EmulatorSends after, EmulatorSends before) => new(after.Late - before.Late, after.Skipped - before.Skipped);
}

/// <summary>Summarises the states of streams that are not connected: "3 failed (first: reason), 1 connecting".</summary>
internal static class StreamStates
{
    public static string Summarise(IEnumerable<(string? State, string? Error)> streams)
    {
        var parts = streams
            .Where(s => s.State != "connected")
            .GroupBy(s => s.State ?? "none")
            .OrderByDescending(g => g.Count())
            .Select(g => g.FirstOrDefault(s => s.Error is not null).Error is { } error ? $"{g.Count()} {g.Key} (first: {error})" : $"{g.Count()} {g.Key}")
            .ToList();
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
