using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using Microsoft.Skype.Bots.Media;

namespace CallingBot.Media.Windows.Audio;

/// <summary>
/// Turns the media platform's received audio buffers into the pipeline's pooled frames: a mixed buffer becomes one
/// frame without a participant; an unmixed buffer becomes one frame per speaker, each with its participant id (see
/// <see cref="ParticipantSourceMap"/>). The native memory is copied into the frame before the platform's buffer is
/// released, so nothing native outlives the event. Frame timestamps are on the call's media clock: the platform's
/// timestamp (100 ns ticks) minus the first buffer's. A buffer whose length is not one frame of the pipeline's format
/// (640 bytes for 20 ms of 16 kHz mono) is dropped and counted, never cut or padded.
/// </summary>
public sealed class NativeAudioReceiver
{
    private readonly IMediaReceiver _receiver;
    private readonly AudioFramePool _pool;
    private readonly ParticipantSourceMap _participants;
    private long _firstTimestamp = long.MinValue;
    private long _mismatched;

    public NativeAudioReceiver(IMediaReceiver receiver, AudioFramePool pool, ParticipantSourceMap participants)
    {
        _receiver = receiver ?? throw new ArgumentNullException(nameof(receiver));
        _pool = pool ?? throw new ArgumentNullException(nameof(pool));
        _participants = participants ?? throw new ArgumentNullException(nameof(participants));
    }

    /// <summary>Buffers dropped because their length was not one frame.</summary>
    public long MismatchedBuffers => Interlocked.Read(ref _mismatched);

    /// <summary>
    /// Hands the frames of <paramref name="buffer"/> to the receiver; returns how many. Does not dispose the buffer: the
    /// caller (the socket's event handler) does, after this returns.
    /// </summary>
    public unsafe int OnReceived(AudioMediaBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.UnmixedAudioBuffers is { Length: > 0 } unmixed)
        {
            var delivered = 0;
            foreach (var speaker in unmixed)
            {
                if (Deliver(Span(speaker.Data, speaker.Length), speaker.ActiveSpeakerId, buffer.Timestamp, isSilent: false))
                {
                    delivered++;
                }
            }

            return delivered;
        }

        return Deliver(Span(buffer.Data, buffer.Length), sourceId: null, buffer.Timestamp, buffer.IsSilence) ? 1 : 0;
    }

    /// <summary>Copies one stream's PCM into a pooled frame and hands it over. False when the length is not one frame.</summary>
    /// <param name="pcm">20 ms of 16-bit little-endian PCM.</param>
    /// <param name="sourceId">The speaker's source id for unmixed audio; null for the mixed stream.</param>
    /// <param name="timestamp">The platform's timestamp in 100 ns ticks.</param>
    /// <param name="isSilent">The platform marked the buffer as silence.</param>
    public bool Deliver(ReadOnlySpan<byte> pcm, uint? sourceId, long timestamp, bool isSilent)
    {
        if (pcm.Length != _pool.Format.BytesPerFrame)
        {
            Interlocked.Increment(ref _mismatched);
            return false;
        }

        var first = Interlocked.CompareExchange(ref _firstTimestamp, timestamp, long.MinValue);
        if (first == long.MinValue)
        {
            first = timestamp;
        }

        var frame = _pool.Rent();
        pcm.CopyTo(frame.Data);
        frame.Timestamp = TimeSpan.FromTicks(Math.Max(0, timestamp - first));
        frame.ParticipantId = sourceId is { } id ? _participants.Resolve(id) : null;
        frame.IsSilent = isSilent;
        _receiver.OnAudioReceived(frame);
        return true;
    }

    private static unsafe ReadOnlySpan<byte> Span(nint data, long length) =>
        data == 0 || length <= 0 || length > int.MaxValue ? default : new ReadOnlySpan<byte>((void*)data, (int)length);
}
