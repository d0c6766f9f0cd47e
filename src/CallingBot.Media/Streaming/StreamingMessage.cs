using CallingBot.Media.Audio;

namespace CallingBot.Media.Streaming;

/// <summary>
/// A decoded media streaming message. For <see cref="StreamingMessageKind.AudioData"/>, <see cref="Frame"/>
/// holds the audio and the caller owns it (dispose it or hand it on).
/// </summary>
/// <param name="Kind">What the message is.</param>
/// <param name="Frame">The audio frame of an <c>AudioData</c> message.</param>
/// <param name="Metadata">The metadata of an <c>AudioMetadata</c> message.</param>
/// <param name="WireTimestamp">The <c>timestamp</c> the sender put on an <c>AudioData</c> message, if any.</param>
public readonly record struct StreamingMessage(
    StreamingMessageKind Kind,
    AudioFrame? Frame = null,
    AudioMetadata? Metadata = null,
    DateTimeOffset? WireTimestamp = null);
