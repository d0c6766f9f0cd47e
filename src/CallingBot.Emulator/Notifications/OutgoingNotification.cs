using CallingBot.Emulator.Timeline;

namespace CallingBot.Emulator.Notifications;

/// <summary>A serialised notification waiting in a call's outbox.</summary>
internal sealed record OutgoingNotification(
    Uri Target,
    string AppId,
    string TenantId,
    byte[] Body,
    TimelineEntry Entry,
    TimeSpan Delay,
    bool Duplicate,
    Action<int, string?>? OnResponse = null);
