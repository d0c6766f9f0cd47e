using CallingBot.Core.Calls;

namespace CallingBot.Core.Platform;

/// <summary>A call the platform rebuilt from the calling service (<see cref="ICallingPlatform.RehydrateAsync"/>).</summary>
/// <param name="Call">The call, reporting its events to the sink from now on.</param>
/// <param name="State">Its state at the service.</param>
/// <param name="Direction">Who placed it, as the service says.</param>
/// <param name="Media">How its media is hosted, as the service says.</param>
/// <param name="Participants">Its roster at the service.</param>
public sealed record RehydratedCall(
    IPlatformCall Call,
    CallState State,
    CallDirection Direction,
    MediaHosting Media,
    IReadOnlyList<ParticipantInfo> Participants);
