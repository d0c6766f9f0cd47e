using CallingBot.Media.Audio;
using CallingBot.Media.Windows.Audio;
using CallingBot.Media.Windows.Tests.Doubles;

namespace CallingBot.Media.Windows.Tests.Audio;

/// <summary>
/// The frame invariant: the platform's Pcm16K buffers are 20 ms of 16 kHz mono 16-bit PCM, 320 samples, 640 bytes, and
/// each becomes exactly one pooled frame of <see cref="AudioFormat.Default"/> with the same bytes.
/// </summary>
public sealed class NativeAudioReceiverTests
{
    private static readonly AudioFormat Format = AudioFormat.Default;
    private readonly AudioFramePool _pool = new(Format);
    private readonly ParticipantSourceMap _participants = new();

    [Fact]
    public void Format_IsTwentyMillisecondsOfSixteenKilohertzMono()
    {
        Assert.Equal(16_000 * 20 / 1000, Format.SamplesPerFrame);
        Assert.Equal(Format.SamplesPerFrame * sizeof(short), Format.BytesPerFrame);
    }

    [Fact]
    public void OnReceived_MixedBuffer_BecomesOneFrameWithTheSameSamplesAndNoParticipant()
    {
        using var receiver = new RecordingReceiver();
        var native = new NativeAudioReceiver(receiver, _pool, _participants);
        var pcm = Ramp(Format.BytesPerFrame);
        using var buffer = new TestAudioBuffer(pcm, timestamp: 5_000_000);

        var delivered = native.OnReceived(buffer);

        Assert.Equal(1, delivered);
        var frame = Assert.Single(receiver.Audio);
        Assert.Equal(pcm, frame.Data.ToArray());
        Assert.Null(frame.ParticipantId);
        Assert.False(frame.IsSilent);
        Assert.Equal(TimeSpan.Zero, frame.Timestamp);
        Assert.Equal(Format, frame.Format);
    }

    [Fact]
    public void OnReceived_SuccessiveBuffers_TimestampsFollowThePlatformClockFromTheFirstBuffer()
    {
        using var receiver = new RecordingReceiver();
        var native = new NativeAudioReceiver(receiver, _pool, _participants);
        const long Start = 638_000_000_000_000_000;
        for (var i = 0; i < 3; i++)
        {
            using var buffer = new TestAudioBuffer(Ramp(Format.BytesPerFrame), Start + (i * Format.FrameDuration.Ticks), isSilence: i == 1);
            native.OnReceived(buffer);
        }

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(40)], receiver.Audio.Select(f => f.Timestamp));
        Assert.Equal([false, true, false], receiver.Audio.Select(f => f.IsSilent));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(320)]
    [InlineData(641)]
    [InlineData(1280)]
    public void OnReceived_BufferThatIsNotOneFrame_IsDroppedAndCounted(int length)
    {
        using var receiver = new RecordingReceiver();
        var native = new NativeAudioReceiver(receiver, _pool, _participants);
        using var buffer = new TestAudioBuffer(new byte[length], timestamp: 0);

        Assert.Equal(0, native.OnReceived(buffer));

        Assert.Empty(receiver.Audio);
        Assert.Equal(1, native.MismatchedBuffers);
    }

    [Fact]
    public void Deliver_UnmixedStreams_CarryTheirSpeakersParticipantIds()
    {
        using var receiver = new RecordingReceiver();
        _participants.SetFromGraph("participant-alice", ["101"]);
        _participants.SetFromGraph("participant-bob", ["202", "203"]);
        var native = new NativeAudioReceiver(receiver, _pool, _participants);
        var alice = Ramp(Format.BytesPerFrame, seed: 1);
        var bob = Ramp(Format.BytesPerFrame, seed: 2);

        Assert.True(native.Deliver(alice, sourceId: 101, timestamp: 0, isSilent: false));
        Assert.True(native.Deliver(bob, sourceId: 203, timestamp: 0, isSilent: false));
        Assert.True(native.Deliver(bob, sourceId: 999, timestamp: 0, isSilent: false));

        Assert.Equal(["participant-alice", "participant-bob", "msi:999"], receiver.Audio.Select(f => f.ParticipantId));
        Assert.Equal(alice, receiver.Audio[0].Data.ToArray());
        Assert.Equal(bob, receiver.Audio[1].Data.ToArray());
    }

    [Fact]
    public void OnReceived_SteadyState_ReusesPooledFrames()
    {
        var native = new NativeAudioReceiver(new DisposingReceiver(), _pool, _participants);
        for (var i = 0; i < 100; i++)
        {
            using var buffer = new TestAudioBuffer(Ramp(Format.BytesPerFrame), i * Format.FrameDuration.Ticks);
            native.OnReceived(buffer);
        }

        Assert.Equal(1, _pool.Created);
    }

    internal static byte[] Ramp(int length, int seed = 0) => Enumerable.Range(0, length).Select(i => (byte)((i * 7) + seed)).ToArray();

    private sealed class DisposingReceiver : CallingBot.Media.Pipeline.IMediaReceiver
    {
        public void OnAudioReceived(AudioFrame frame) => frame.Dispose();

        public void OnVideoReceived(CallingBot.Media.Video.VideoFrame frame) => frame.Dispose();
    }
}
