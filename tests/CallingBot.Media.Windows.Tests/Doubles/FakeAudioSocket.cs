using System.Runtime.InteropServices;
using Microsoft.Skype.Bots.Media;

namespace CallingBot.Media.Windows.Tests.Doubles;

/// <summary>
/// The platform's audio socket as a test double: records what the bot sends (bytes, length, timestamp) and, like the
/// platform, disposes each sent buffer once "sent" (at once, or when <see cref="Release"/> is called when
/// <see cref="HoldBuffers"/> is set). Raises the socket's events on demand.
/// </summary>
internal sealed class FakeAudioSocket : IAudioSocket
{
    private readonly List<AudioMediaBuffer> _held = [];

    public event EventHandler<AudioMediaReceivedEventArgs>? AudioMediaReceived;

    public event EventHandler<AudioSendStatusChangedEventArgs>? AudioSendStatusChanged;

    public event EventHandler<DominantSpeakerChangedEventArgs>? DominantSpeakerChanged;

    public event EventHandler<ToneReceivedEventArgs>? ToneReceived;

    public event EventHandler<MediaStreamFailureEventArgs>? MediaStreamFailure;

    public List<SentAudio> Sent { get; } = [];

    public bool HoldBuffers { get; set; }

    public bool ThrowOnSend { get; set; }

    public bool Disposed { get; private set; }

    public int Subscribers => (AudioMediaReceived?.GetInvocationList().Length ?? 0) + (ToneReceived?.GetInvocationList().Length ?? 0) + (DominantSpeakerChanged?.GetInvocationList().Length ?? 0);

    public void Send(AudioMediaBuffer buffer)
    {
        if (ThrowOnSend)
        {
            throw new InvalidOperationException("The socket is not ready.");
        }

        var bytes = new byte[buffer.Length];
        Marshal.Copy(buffer.Data, bytes, 0, bytes.Length);
        Sent.Add(new SentAudio(bytes, buffer.Length, buffer.Timestamp, buffer.AudioFormat, buffer.IsSilence, buffer));
        if (HoldBuffers)
        {
            _held.Add(buffer);
        }
        else
        {
            buffer.Dispose();
        }
    }

    public void Release()
    {
        foreach (var buffer in _held)
        {
            buffer.Dispose();
        }

        _held.Clear();
    }

    public void RaiseReceived(AudioMediaBuffer buffer) => AudioMediaReceived?.Invoke(this, new AudioMediaReceivedEventArgs { Buffer = buffer });

    public void RaiseSendStatus(MediaSendStatus status) => AudioSendStatusChanged?.Invoke(this, new AudioSendStatusChangedEventArgs { MediaSendStatus = status });

    public void RaiseTone(ToneId tone) => ToneReceived?.Invoke(this, new ToneReceivedEventArgs { Tone = tone });

    public void RaiseDominantSpeaker(uint current) => DominantSpeakerChanged?.Invoke(this, new DominantSpeakerChangedEventArgs { CurrentDominantSpeaker = current, DominantSpeakerHistory = [current] });

    public void RaiseStreamFailure() => MediaStreamFailure?.Invoke(this, null!);

    public void SendDtmfTone(ToneId tone) => throw new NotSupportedException();

    public void SendDtmfTones(IEnumerable<ToneId> tones, int delayBetweenTonesInMilliseconds = -1) => throw new NotSupportedException();

    public AudioQualityOfExperienceData GetQualityOfExperienceData() => throw new NotSupportedException();

    public int GetSendBuffersPendingCount() => _held.Count;

    public void Dispose() => Disposed = true;

    internal sealed record SentAudio(byte[] Bytes, long Length, long Timestamp, Microsoft.Skype.Bots.Media.AudioFormat Format, bool IsSilence, AudioMediaBuffer Buffer);
}
