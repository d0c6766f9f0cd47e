using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Calls;

/// <summary>
/// What work inside a call's lock leaves for after it: notifications to post to the dispatcher, a change to announce,
/// the end of the call (with its resultInfo), and follow-up work that must not run under this call's lock.
/// Collected by <see cref="LockedCall"/>; acted on by <see cref="EmulatedCall"/> once the lock is released.
/// </summary>
internal readonly record struct CallEffects(bool Notified, bool Changed, JsonObject? EndedWith, List<Action>? After)
{
    public bool IsEmpty => !Notified && !Changed && EndedWith is null && After is null;
}
