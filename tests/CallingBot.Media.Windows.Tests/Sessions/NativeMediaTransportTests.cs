using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Video;
using CallingBot.Media.Windows.Sessions;
using CallingBot.Media.Windows.Tests.Audio;
using CallingBot.Media.Windows.Tests.Doubles;
using CallingBot.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Skype.Bots.Media;
using AudioFormat = CallingBot.Media.Audio.AudioFormat;

namespace CallingBot.Media.Windows.Tests.Sessions;

public sealed class NativeMediaTransportTests
{
    private readonly AudioFramePool _pool = new(AudioFormat.Default);

    [Fact]
    public async Task SendAudioAsync_BeforeThePlatformCanSend_DropsAndCounts()
    {
        var socket = new FakeAudioSocket();
        using var transport = new NativeMediaTransport(socket, video: null, AudioFormat.Default);
        using var frame = _pool.RentSilent();

        await transport.SendAudioAsync(frame);

        Assert.Empty(socket.Sent);
        Assert.Equal(1, transport.AudioFramesDropped);
    }

    [Fact]
    public async Task SendAudioAsync_WhenActive_HandsTheSocketOneFrameOfTheSameBytesStampedWithItsSlot()
    {
        var socket = new FakeAudioSocket();
        using var transport = new NativeMediaTransport(socket, video: null, AudioFormat.Default);
        transport.SetAudioSendStatus(MediaSendStatus.Active);
        var pcm = NativeAudioReceiverTests.Ramp(AudioFormat.Default.BytesPerFrame);
        using var frame = _pool.Rent();
        pcm.CopyTo(frame.Data);
        frame.Timestamp = TimeSpan.FromMilliseconds(60);

        var send = transport.SendAudioAsync(frame);

        Assert.True(send.IsCompletedSuccessfully);
        var sent = Assert.Single(socket.Sent);
        Assert.Equal(pcm, sent.Bytes);
        Assert.Equal(640, sent.Length);
        Assert.Equal(TimeSpan.FromMilliseconds(60).Ticks, sent.Timestamp);
        Assert.Equal(Microsoft.Skype.Bots.Media.AudioFormat.Pcm16K, sent.Format);
        Assert.Equal(1, transport.AudioFramesSent);
    }

    [Fact]
    public async Task SendAudioAsync_BuffersThePlatformDisposed_AreReused()
    {
        var socket = new FakeAudioSocket();
        using var transport = new NativeMediaTransport(socket, video: null, AudioFormat.Default);
        transport.SetAudioSendStatus(MediaSendStatus.Active);
        using var frame = _pool.RentSilent();

        for (var i = 0; i < 500; i++)
        {
            await transport.SendAudioAsync(frame);
        }

        Assert.Equal(500, socket.Sent.Count);
        Assert.Equal(1, transport.Buffers.Created);
    }

    [Fact]
    public async Task SendAudioAsync_BuffersHeldByThePlatform_AreNotReusedUntilDisposed()
    {
        var socket = new FakeAudioSocket { HoldBuffers = true };
        using var transport = new NativeMediaTransport(socket, video: null, AudioFormat.Default);
        transport.SetAudioSendStatus(MediaSendStatus.Active);
        using var frame = _pool.RentSilent();

        await transport.SendAudioAsync(frame);
        await transport.SendAudioAsync(frame);
        Assert.Equal(2, transport.Buffers.Created);
        Assert.NotSame(socket.Sent[0].Buffer, socket.Sent[1].Buffer);

        socket.Release();
        await transport.SendAudioAsync(frame);

        Assert.Equal(2, transport.Buffers.Created);
        Assert.Equal(1, transport.Buffers.Available);
    }

    [Fact]
    public async Task SendAudioAsync_SocketRefuses_ReturnsTheBufferAndThrowsToTheSender()
    {
        var socket = new FakeAudioSocket { ThrowOnSend = true };
        using var transport = new NativeMediaTransport(socket, video: null, AudioFormat.Default);
        transport.SetAudioSendStatus(MediaSendStatus.Active);
        using var frame = _pool.RentSilent();

        await Assert.ThrowsAsync<InvalidOperationException>(() => transport.SendAudioAsync(frame).AsTask());

        Assert.Equal(1, transport.AudioFramesDropped);
        Assert.Equal(1, transport.Buffers.Available);
    }

    [Fact]
    public async Task SendAudioAsync_AfterTheSendStatusTurnsInactive_Drops()
    {
        var socket = new FakeAudioSocket();
        using var transport = new NativeMediaTransport(socket, video: null, AudioFormat.Default);
        using var frame = _pool.RentSilent();
        transport.SetAudioSendStatus(MediaSendStatus.Active);
        await transport.SendAudioAsync(frame);

        transport.SetAudioSendStatus(MediaSendStatus.Inactive);
        await transport.SendAudioAsync(frame);

        Assert.Single(socket.Sent);
        Assert.Equal(1, transport.AudioFramesDropped);
    }

    [Fact]
    public async Task AudioSender_OverTheNativeTransport_SendsOneFramePerTwentyMillisecondSlot()
    {
        var clock = new FakeTimeProvider(TestTime.Start);
        var socket = new FakeAudioSocket();
        using var transport = new NativeMediaTransport(socket, video: null, AudioFormat.Default);
        transport.SetAudioSendStatus(MediaSendStatus.Active);
        await using var sender = new AudioSender("call-1", transport, new MediaStatistics(AudioFormat.Default, clock), new MediaPipelineOptions { SendLead = TimeSpan.Zero }, clock);
        for (var i = 0; i < 5; i++)
        {
            var frame = sender.Pool.Rent();
            frame.Samples.Fill((short)(i + 1));
            Assert.True(sender.TrySend(frame));
        }

        sender.Start();
        Assert.Single(socket.Sent);
        for (var slot = 1; slot < 5; slot++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(19));
            Assert.Equal(slot, socket.Sent.Count);
            clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(slot + 1, socket.Sent.Count);
        }

        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(5, socket.Sent.Count);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => TimeSpan.FromMilliseconds(20 * i).Ticks), socket.Sent.Select(s => s.Timestamp));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (byte)i), socket.Sent.Select(s => s.Bytes[0]));
    }

    [Fact]
    public async Task SendVideoAsync_DeclaredFormatWhenActive_SendsTheFrame()
    {
        var video = new FakeVideoSocket();
        using var transport = new NativeMediaTransport(new FakeAudioSocket(), video, AudioFormat.Default);
        transport.SetVideoSendStatus(MediaSendStatus.Active);
        var header = new VideoFrameHeader(1, CallingBot.Media.Video.VideoFormat.Nv12, 640, 360, TimeSpan.FromMilliseconds(33), 640 * 360 * 3 / 2);
        using var frame = VideoFrame.Rent(header);

        await transport.SendVideoAsync(frame);

        var sent = Assert.Single(video.Sent);
        Assert.Equal(header.PayloadLength, sent.Length);
        Assert.Equal(Microsoft.Skype.Bots.Media.VideoFormat.NV12_640x360_30Fps, sent.Format);
        Assert.Equal(TimeSpan.FromMilliseconds(33).Ticks, sent.Timestamp);
    }

    [Fact]
    public async Task SendVideoAsync_SizeNotDeclared_DropsAndCounts()
    {
        var video = new FakeVideoSocket();
        using var transport = new NativeMediaTransport(new FakeAudioSocket(), video, AudioFormat.Default);
        transport.SetVideoSendStatus(MediaSendStatus.Active);
        using var frame = VideoFrame.Rent(new VideoFrameHeader(1, CallingBot.Media.Video.VideoFormat.Nv12, 100, 100, TimeSpan.Zero, 15_000));

        await transport.SendVideoAsync(frame);

        Assert.Empty(video.Sent);
        Assert.Equal(1, transport.VideoFramesDropped);
    }
}
