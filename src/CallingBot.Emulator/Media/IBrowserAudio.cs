namespace CallingBot.Emulator.Media;

/// <summary>Audio of participants that a person speaks and hears in a browser (the softphone page).</summary>
internal interface IBrowserAudio
{
    /// <summary>The participant's voice from a page's microphone while a page speaks as it, else null.</summary>
    ParticipantAudioSource? SourceFor(string callId, string participantId);

    /// <summary>One 20 ms frame the bot sent on the call's media socket (called on the stream's receive loop; must not block).</summary>
    void OnBotAudio(string callId, ReadOnlySpan<byte> pcm);
}
