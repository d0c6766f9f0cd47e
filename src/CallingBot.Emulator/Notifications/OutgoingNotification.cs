using CallingBot.Emulator.Timeline;

namespace CallingBot.Emulator.Notifications;

/// <summary>
/// The dispatcher's work item: a serialised notification waiting in a call's outbox, the timeline entry that records
/// its delivery, its chaos (delay, duplicate, failed attempts), and (for a notification the bot answers in the response body) what to do with the answer.
/// </summary>
internal sealed record OutgoingNotification(
    Uri Target,
    string AppId,
    string TenantId,
    byte[] Body,
    TimelineEntry Entry,
    TimeSpan Delay,
    bool Duplicate,
    Action<DeliveryResult>? OnResponse = null,
    Faults.FaultInjector? Faults = null);
