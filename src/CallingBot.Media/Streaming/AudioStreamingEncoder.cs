using System.Buffers;
using System.Text.Json;

namespace CallingBot.Media.Streaming;

/// <summary>
/// Encodes media streaming messages into one reused buffer, so encoding a frame allocates nothing once the
/// buffer has grown. The memory returned by each method is valid until the next call on the same encoder.
/// One encoder per connection; not thread-safe.
/// </summary>
public sealed class AudioStreamingEncoder : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public AudioStreamingEncoder()
    {
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>Encodes audio the bot sends into the call.</summary>
    public ReadOnlyMemory<byte> EncodeOutboundAudio(ReadOnlySpan<byte> pcm)
    {
        Begin();
        AudioStreamingWriter.WriteOutboundAudio(_writer, pcm);
        return End();
    }

    /// <summary>Encodes the barge-in message.</summary>
    public ReadOnlyMemory<byte> EncodeStopAudio()
    {
        Begin();
        AudioStreamingWriter.WriteStopAudio(_writer);
        return End();
    }

    /// <summary>Encodes the metadata message that opens a stream (service side).</summary>
    public ReadOnlyMemory<byte> EncodeAudioMetadata(AudioMetadata metadata)
    {
        Begin();
        AudioStreamingWriter.WriteAudioMetadata(_writer, metadata);
        return End();
    }

    /// <summary>Encodes audio the service sends to the bot.</summary>
    public ReadOnlyMemory<byte> EncodeInboundAudio(ReadOnlySpan<byte> pcm, DateTimeOffset timestamp, string? participantRawId, bool silent)
    {
        Begin();
        AudioStreamingWriter.WriteInboundAudio(_writer, pcm, timestamp, participantRawId, silent);
        return End();
    }

    public void Dispose() => _writer.Dispose();

    private void Begin()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset();
    }

    private ReadOnlyMemory<byte> End()
    {
        _writer.Flush();
        return _buffer.WrittenMemory;
    }
}
