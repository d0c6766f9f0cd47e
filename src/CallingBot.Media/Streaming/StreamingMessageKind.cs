namespace CallingBot.Media.Streaming;

/// <summary>The <c>kind</c> of a media streaming JSON message.</summary>
public enum StreamingMessageKind
{
    /// <summary>A kind this version does not know (for example <c>DtmfData</c>); safe to ignore.</summary>
    Unknown,

    /// <summary>First message of a stream: the audio format and subscription id.</summary>
    AudioMetadata,

    /// <summary>One frame of audio, in either direction.</summary>
    AudioData,

    /// <summary>Sent by the bot: discard audio already queued for playback (barge-in).</summary>
    StopAudio,
}
