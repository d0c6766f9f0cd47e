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

    /// <summary>The emulator's media stream of each of <paramref name="callIds"/>, in order; null where none started yet.</summary>
    Task<EmulatorStreams> EmulatorStreamsAsync(IReadOnlyList<string> callIds);

    Task ResetBotAsync();

    Task<BotFigures> ReadBotAsync();

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

/// <summary>One emulator stream's state and sending figures, as its control API reports them.</summary>
internal sealed record EmulatorStream(string State, long LateSends, long SkippedSlots, string? Error);

/// <summary>The emulator's streams of a set of calls (null where a call's stream has not started).</summary>
internal sealed record EmulatorStreams(IReadOnlyList<EmulatorStream?> Streams)
{
    public int Connected => Streams.Count(s => s?.State == "connected");

    /// <summary>Late sends (frames that left more than 5 ms after their slot) and skipped slots (never sent, the stream more than 200 ms behind).</summary>
    public EmulatorSends Sends => new(Streams.Sum(s => s?.LateSends ?? 0), Streams.Sum(s => s?.SkippedSlots ?? 0));

    /// <summary>The states of the streams that are not connected, counted, with the first error of each: "3 failed (first: reason), 1 none".</summary>
    public string Unconnected
    {
        get
        {
            var parts = Streams
                .Where(s => s?.State != "connected")
                .GroupBy(s => s?.State ?? "none")
                .OrderByDescending(g => g.Count())
                .Select(g => g.FirstOrDefault(s => s?.Error is not null)?.Error is { } error ? $"{g.Count()} {g.Key} (first: {error})" : $"{g.Count()} {g.Key}")
                .ToList();
            return parts.Count == 0 ? "none" : string.Join(", ", parts);
        }
    }
}
