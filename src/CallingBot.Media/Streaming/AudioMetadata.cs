namespace CallingBot.Media.Streaming;

/// <summary>The <c>audioMetadata</c> object that opens a media stream.</summary>
/// <param name="SubscriptionId">Identifies the media subscription (the stream) on the service side.</param>
/// <param name="Encoding">Always <c>PCM</c>.</param>
/// <param name="SampleRate">Samples per second (16000).</param>
/// <param name="Channels">Channel count (1).</param>
/// <param name="Length">Bytes of audio per <c>AudioData</c> message (640).</param>
public sealed record AudioMetadata(string? SubscriptionId, string Encoding, int SampleRate, int Channels, int Length);
