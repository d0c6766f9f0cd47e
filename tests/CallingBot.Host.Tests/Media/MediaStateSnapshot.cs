using CallingBot.Core.Calls;

namespace CallingBot.Host.Tests.Media;

/// <summary>The media sessions and the live call, on the bot and in the emulator, at one moment.</summary>
public sealed record MediaStateSnapshot(
    int Sessions,
    bool LiveSessionConnected,
    bool LiveSessionClosed,
    string? LiveEmulatorMediaState,
    CallState? LiveCallState,
    int ActiveCalls,
    string OtherSessions);
