using System.Text;
using CallingBot.Emulator.Media;

namespace CallingBot.Emulator.Tests.Media;

/// <summary>The emulator's own media helpers. Frame invariant: 16 kHz mono 16-bit, 20 ms = 320 samples = 640 bytes.</summary>
public sealed class MediaWireTests
{
    private const int SamplesPerFrame = 16_000 / 50;

    [Fact]
    public void TryParse_WebSocketBlob_ReturnsUrlAndVideo()
    {
        var blob = MediaBlob.TryParse("""{"version":1,"transport":"websocket","url":"wss://127.0.0.1:9443/media/abc?token=t","audio":{},"video":{}}""");

        Assert.NotNull(blob);
        Assert.Equal(new Uri("wss://127.0.0.1:9443/media/abc?token=t"), blob.Url);
        Assert.True(blob.Video);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"transport":"websocket","url":"https://x/"}""")]
    [InlineData("""{"mpUri":"net.tcp://media"}""")]
    public void TryParse_OtherBlobs_ReturnsNull(string blob) => Assert.Null(MediaBlob.TryParse(blob));

    [Fact]
    public void AudioData_At24KHz_Carries960BytesAndReadsBackEveryOtherSampleExactly()
    {
        using var wire = new StreamingWire(StreamingWire.Wideband24K);
        var samples = Enumerable.Range(0, SamplesPerFrame).Select(i => (short)(Math.Sin(i * 0.05) * 12_000)).ToArray();
        var pcm = System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples.AsSpan()).ToArray();

        var metadata = Encoding.UTF8.GetString(wire.AudioMetadata("s-1").Span);
        var json = wire.AudioData(pcm, DateTimeOffset.UnixEpoch, null, silent: false).ToArray();
        var onWire = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("audioData").GetProperty("data").GetBytesFromBase64();
        var decoded = new byte[pcm.Length];
        var kind = StreamingWire.Read(json, decoded, StreamingWire.Wideband24K);
        var back = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(decoded).ToArray();

        Assert.Contains("\"sampleRate\":24000", metadata, StringComparison.Ordinal);
        Assert.Contains("\"length\":960", metadata, StringComparison.Ordinal);
        Assert.Equal(960, onWire.Length);
        Assert.Equal(BotMessage.Audio, kind);
        for (var i = 0; i < SamplesPerFrame; i += 2)
        {
            Assert.Equal(samples[i], back[i]);
        }

        for (var i = 1; i < SamplesPerFrame - 1; i += 2)
        {
            var around = new[] { samples[i - 1], samples[i], samples[i + 1] };
            Assert.InRange(back[i], around.Min() - 1, around.Max() + 1);
        }
    }

    [Fact]
    public void Read_At24KHz_A16KHzFrameIsNotAudio()
    {
        using var wire = new StreamingWire();
        var json = wire.AudioData(new byte[SamplesPerFrame * 2], DateTimeOffset.UnixEpoch, null, silent: true).ToArray();

        Assert.Equal(BotMessage.Unknown, StreamingWire.Read(json, new byte[SamplesPerFrame * 2], StreamingWire.Wideband24K));
    }

    [Fact]
    public void AudioData_Written_IsReadBackWithTheSameFrame()
    {
        using var wire = new StreamingWire();
        var pcm = Enumerable.Range(0, SamplesPerFrame * 2).Select(i => (byte)i).ToArray();

        var json = Encoding.UTF8.GetString(wire.AudioData(pcm, new DateTimeOffset(2024, 11, 18, 19, 7, 55, 353, TimeSpan.Zero), "p-1", silent: false).Span);
        var decoded = new byte[pcm.Length];
        var kind = StreamingWire.Read(Encoding.UTF8.GetBytes(json), decoded);

        Assert.StartsWith("""{"kind":"AudioData","audioData":{"timestamp":"2024-11-18T19:07:55.353Z","participantRawID":"p-1","data":""", json, StringComparison.Ordinal);
        Assert.Equal(BotMessage.Audio, kind);
        Assert.Equal(pcm, decoded);
    }

    [Theory]
    [InlineData("""{"Kind":"stopaudio","audioData":null,"stopAudio":{}}""", "StopAudio")]
    [InlineData("""{"kind":"AudioData","audioData":{"data":"AAAA"}}""", "Unknown")]
    [InlineData("""{"kind":"DtmfData"}""", "Unknown")]
    public void Read_OtherMessages_AreClassified(string json, string expected) =>
        Assert.Equal(expected, StreamingWire.Read(Encoding.UTF8.GetBytes(json), new byte[SamplesPerFrame * 2]).ToString());

    [Fact]
    public void DtmfSource_OneKey_ToneThenGapThenSilence()
    {
        var source = new DtmfSource("5", toneMilliseconds: 40, gapMilliseconds: 20, levelDbfs: -12, loop: false);
        var frame = new short[SamplesPerFrame];

        var first = source.Read(frame);
        var firstPeak = frame.Max(s => Math.Abs((int)s));
        var second = source.Read(frame);
        var third = source.Read(frame);

        Assert.True(first);
        Assert.InRange(firstPeak, 10_000, 32_767);
        Assert.True(second);
        Assert.False(third);
        Assert.All(frame, s => Assert.Equal(0, s));
    }

    [Fact]
    public void WavCodec_WriteThenRead_RoundTripsSamples()
    {
        short[] samples = [0, 1, -1, short.MaxValue, short.MinValue];
        var pcm = new byte[samples.Length * 2];
        Buffer.BlockCopy(samples, 0, pcm, 0, pcm.Length);

        var file = WavCodec.Write(pcm);

        Assert.Equal(44 + pcm.Length, file.Length);
        Assert.Equal(samples, WavCodec.ReadPcm(file));
    }

    [Fact]
    public void WavCodec_Stereo_IsRefusedWithTheConversionCommand()
    {
        var file = WavCodec.Write(new byte[4]);
        file[22] = 2;

        var error = Assert.Throws<ArgumentException>(() => WavCodec.ReadPcm(file));

        Assert.Contains("sox in.wav -r 16000 -c 1 -b 16 out.wav", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeptAudio_FrameArrivingThreeSlotsLate_LeavesSilenceForTheGap()
    {
        var kept = new KeptAudio(maxSeconds: 10);
        var frame = Enumerable.Repeat((byte)7, SamplesPerFrame * 2).ToArray();

        kept.Add(0, frame);
        kept.Add(1, frame);
        kept.Add(5, frame);

        var pcm = kept.ToArray();
        Assert.Equal(6 * 640, pcm.Length);
        Assert.All(pcm.AsSpan(2 * 640, 3 * 640).ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(120, kept.Milliseconds);
    }
}
