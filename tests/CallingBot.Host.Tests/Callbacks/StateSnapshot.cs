namespace CallingBot.Host.Tests.Callbacks;

/// <summary>The observable call state of the bot and the emulator at one moment.</summary>
public sealed record StateSnapshot(
    int ActiveCalls,
    int SdkCalls,
    int RoutedCalls,
    int HandlerEvents,
    string? LiveCallBotState,
    string? LiveCallEmulatorState,
    string? EndedCallEmulatorState,
    int HistoryRecords,
    int EmulatorCalls);
