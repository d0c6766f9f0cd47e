namespace CallingBot.Emulator.Directory;

/// <summary>What a simulated callee does when the emulator rings it.</summary>
public enum CalleeResponse
{
    /// <summary>Answers after <see cref="CalleeBehavior.Delay"/>.</summary>
    Answer,

    /// <summary>Declines after the delay (Graph result 603).</summary>
    Decline,

    /// <summary>Is busy (Graph result 486).</summary>
    Busy,

    /// <summary>Never answers; the call ends when the ringing timeout passes (Graph result 408).</summary>
    NoAnswer,

    /// <summary>Voicemail picks up after the delay; the call is established with voicemail.</summary>
    Voicemail,

    /// <summary>
    /// Rings until a person answers or declines it on the softphone page (or <c>POST /emulator/ringing/{ringId}/answer</c>
    /// / <c>decline</c>); after <see cref="EmulatorOptions.RingingTimeout"/> unanswered, as <see cref="NoAnswer"/>.
    /// The delay is not used.
    /// </summary>
    Browser,
}
