using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Video;

namespace CallingBot.Media.Tests.Fakes;

/// <summary>Keeps what the bot sends: each audio frame's first sample, timestamp and send time.</summary>
internal sealed class RecordingTransport(TimeProvider time) : IMediaTransport
{
    private readonly Lock _gate = new();

    public List<SentFrame> Sent { get; } = [];

    public List<byte[]> Payloads { get; } = [];

    public bool KeepPayloads { get; set; }

    public Func<int, ValueTask>? OnSend { get; set; }

    public int VideoSent { get; private set; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return Sent.Count;
            }
        }
    }

    public ValueTask SendAudioAsync(AudioFrame frame, CancellationToken cancellationToken = default)
    {
        int index;
        lock (_gate)
        {
            index = Sent.Count;
            Sent.Add(new SentFrame(frame.Samples[0], frame.Timestamp, time.GetTimestamp()));
            if (KeepPayloads)
            {
                Payloads.Add(frame.Data.ToArray());
            }
        }

        return OnSend?.Invoke(index) ?? ValueTask.CompletedTask;
    }

    public ValueTask SendVideoAsync(VideoFrame frame, CancellationToken cancellationToken = default)
    {
        VideoSent++;
        return ValueTask.CompletedTask;
    }

    internal readonly record struct SentFrame(short FirstSample, TimeSpan Timestamp, long SentAt);
}
