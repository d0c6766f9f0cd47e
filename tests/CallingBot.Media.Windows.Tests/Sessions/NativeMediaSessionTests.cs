using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Processors;
using CallingBot.Media.Windows.Sessions;
using CallingBot.Media.Windows.Tests.Audio;
using CallingBot.Media.Windows.Tests.Doubles;
using CallingBot.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Skype.Bots.Media;
using DominantSpeakerChangedEventArgs = CallingBot.Media.Processors.DominantSpeakerChangedEventArgs;

namespace CallingBot.Media.Windows.Tests.Sessions;

public sealed class NativeMediaSessionTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new(TestTime.Start);
    private readonly FakeAudioSocket _audio = new();
    private readonly FakeVideoSocket _video = new();
    private readonly FakeLocalMediaSession _local;
    private readonly NativeMediaSession _session;

    public NativeMediaSessionTests()
    {
        _local = new FakeLocalMediaSession(_audio, _video);
        _session = new NativeMediaSession(_local, time: _clock);
    }

    public ValueTask DisposeAsync() => _session.CloseAsync();

    [Fact]
    public void Blob_IsThePlatformsOwn()
    {
        Assert.Equal(_local.MediaSessionId, _session.MediaSessionId);
        Assert.Equal(_local.Modalities, _session.Modalities);
        Assert.Equal("net.tcp://media0.bot.contoso.com:8445/MediaProcessor", (string?)_session.GetMediaConfiguration()["mpUri"]);
    }

    [Fact]
    public async Task AudioReceived_AfterBinding_ReachesTheHandlersProcessorsAndTheBufferIsReleased()
    {
        _session.Bind("call-1");
        var processor = new CapturingProcessor();
        Assert.False(_session.WaitConnectedAsync(CancellationToken.None).IsCompleted);

        var pcm = NativeAudioReceiverTests.Ramp(640);
        var buffer = new TestAudioBuffer(pcm, timestamp: 1_000);
        _audio.RaiseReceived(buffer);

        var connected = await Eventually.WithinAsync(_session.WaitConnectedAsync(CancellationToken.None), "waiting for the first audio to mark the media as flowing");
        Assert.Equal("call-1", connected.CallId);
        Assert.True(buffer.Disposed);
        connected.Pipeline.Use(processor);
        connected.Pipeline.Start();
        await Eventually.UntilAsync(() => processor.Frames.Count == 1, "waiting for the processor to see the received frame");
        Assert.Equal(pcm, processor.Frames[0]);
    }

    [Fact]
    public void AudioReceived_BeforeBinding_IsReleasedAndDropped()
    {
        var buffer = new TestAudioBuffer(new byte[640], timestamp: 0);

        _audio.RaiseReceived(buffer);

        Assert.True(buffer.Disposed);
        Assert.Null(_session.Statistics);
        Assert.False(_session.WaitConnectedAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task SendStatusActive_LetsTheHandlersAudioOut()
    {
        _session.Bind("call-1");
        _audio.RaiseSendStatus(MediaSendStatus.Active);
        var media = await Eventually.WithinAsync(_session.WaitConnectedAsync(CancellationToken.None), "waiting for the send status to mark the media as flowing");

        var frame = media.Sender.Pool.Rent();
        frame.Samples.Fill(1000);
        media.Sender.TrySend(frame);
        media.Pipeline.Start();

        await Eventually.UntilAsync(() => _audio.Sent.Count == 1, "waiting for the sender's first slot to reach the socket");
        Assert.Equal(0, _session.Transport!.AudioFramesDropped);
    }

    [Theory]
    [InlineData(ToneId.Tone0, '0')]
    [InlineData(ToneId.Tone7, '7')]
    [InlineData(ToneId.Star, '*')]
    [InlineData(ToneId.Pound, '#')]
    [InlineData(ToneId.D, 'D')]
    public async Task ToneReceived_IsRaisedAsTheKey(ToneId tone, char key)
    {
        _session.Bind("call-1");
        _audio.RaiseSendStatus(MediaSendStatus.Active);
        var media = (NativeCallMedia)await _session.WaitConnectedAsync(CancellationToken.None);
        var keys = new List<DtmfKeyEventArgs>();
        media.ToneReceived += (_, e) => keys.Add(e);
        _clock.Advance(TimeSpan.FromSeconds(3));

        _audio.RaiseTone(tone);

        var received = Assert.Single(keys);
        Assert.Equal(key, received.Key);
        Assert.Equal(TimeSpan.FromSeconds(3), received.Timestamp);
    }

    [Fact]
    public void ToKey_Flash_IsNotAKey() => Assert.Null(NativeMediaSession.ToKey(ToneId.Flash));

    [Fact]
    public async Task DominantSpeakerChanged_IsRaisedWithParticipantIdsAndTheVideoFollowsIt()
    {
        _session.Bind("call-1");
        _session.Participants.SetFromGraph("participant-alice", ["11"]);
        _session.Participants.SetFromGraph("participant-bob", ["22"]);
        _audio.RaiseSendStatus(MediaSendStatus.Active);
        var media = (NativeCallMedia)await _session.WaitConnectedAsync(CancellationToken.None);
        var changes = new List<DominantSpeakerChangedEventArgs>();
        media.DominantSpeakerChanged += (_, e) => changes.Add(e);
        _video.RaiseReceiveStatus(MediaReceiveStatus.Active);

        _audio.RaiseDominantSpeaker(11);
        _audio.RaiseDominantSpeaker(11);
        _audio.RaiseDominantSpeaker(22);

        Assert.Equal([(null, "participant-alice"), ("participant-alice", "participant-bob")], changes.Select(c => (c.Previous, c.Current)));
        Assert.Equal([(VideoResolution.HD720p, 11u), (VideoResolution.HD720p, 22u)], _video.Subscriptions);
    }

    [Fact]
    public async Task CloseAsync_DrainsThePipelineReleasesTheSocketsAndSignalsTheHandler()
    {
        _session.Bind("call-1");
        _audio.RaiseSendStatus(MediaSendStatus.Active);
        var media = await _session.WaitConnectedAsync(CancellationToken.None);
        var processor = new CapturingProcessor();
        media.Pipeline.Use(processor);
        media.Pipeline.Start();

        await _session.CloseAsync();

        Assert.True(media.Disconnected.IsCancellationRequested);
        Assert.True(processor.Disposed);
        Assert.True(_local.Disposed);
        Assert.Equal(0, _audio.Subscribers);
        await _session.CloseAsync();
    }

    [Fact]
    public async Task WaitConnectedAsync_SessionClosedFirst_Fails()
    {
        var waiting = _session.WaitConnectedAsync(CancellationToken.None);

        await _session.CloseAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => waiting);
    }

    private sealed class CapturingProcessor : IAudioProcessor, IDisposable
    {
        public List<byte[]> Frames { get; } = [];

        public bool Disposed { get; private set; }

        public void Process(AudioFrameView frame) => Frames.Add(frame.Data.ToArray());

        public void Dispose() => Disposed = true;
    }
}
