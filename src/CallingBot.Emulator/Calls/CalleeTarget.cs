using CallingBot.Emulator.Directory;

namespace CallingBot.Emulator.Calls;

/// <summary>Someone the emulator rings (a callee, invitee or transfer target) and how they respond.</summary>
internal sealed record CalleeTarget(IdentityRef Identity, CalleeBehavior Behavior)
{
    /// <summary>For the timeline: the identity, and the response when it is not an answer.</summary>
    public string Describe() => $"{Identity.Kind} {Identity.Id}" + (Behavior.Response == CalleeResponse.Answer ? "" : $" ({Behavior.Response})");
}
