using System.Text;
using CallingBot.Media.Audio;
using CallingBot.Media.Streaming;
using CallingBot.Media.Tests.Fakes;
using CallingBot.Media.Tests.Wav;

namespace CallingBot.Media.Tests.Streaming;

public class AudioStreamingEncoderTests
{
    [Fact]
    public void EncodeOutboundAudio_Frame_WritesAcsBidirectionalShape()
    {
        var pcm = WavTests.Ramp(320);
        using var encoder = new AudioStreamingEncoder();

        var json = Encoding.UTF8.GetString(encoder.EncodeOutboundAudio(pcm).Span);

        Assert.Equal($$$"""{"kind":"AudioData","audioData":{"data":"{{{Convert.ToBase64String(pcm)}}}"},"stopAudio":null}""", json);
    }

    [Fact]
    public void EncodeStopAudio_WritesAcsShape()
    {
        using var encoder = new AudioStreamingEncoder();

        var json = Encoding.UTF8.GetString(encoder.EncodeStopAudio().Span);

        Assert.Equal("""{"kind":"StopAudio","audioData":null,"stopAudio":{}}""", json);
    }

    [Fact]
    public void EncodeInboundAudio_Frame_WritesAcsShapeWithUtcTimestamp()
    {
        var pcm = new byte[640];
        using var encoder = new AudioStreamingEncoder();

        var json = Encoding.UTF8.GetString(encoder.EncodeInboundAudio(
            pcm, new DateTimeOffset(2024, 11, 18, 20, 7, 55, 353, TimeSpan.FromHours(1)), "8:acs:p", silent: true).Span);

        Assert.Equal(
            $$$"""{"kind":"AudioData","audioData":{"timestamp":"2024-11-18T19:07:55.353Z","participantRawID":"8:acs:p","data":"{{{Convert.ToBase64String(pcm)}}}","silent":true}}""",
            json);
    }

    [Fact]
    public void EncodeAudioMetadata_Default_WritesAcsShape()
    {
        using var encoder = new AudioStreamingEncoder();

        var json = Encoding.UTF8.GetString(encoder.EncodeAudioMetadata(new AudioMetadata("sub-1", "PCM", 16_000, 1, 640)).Span);

        Assert.Equal("""{"kind":"AudioMetadata","audioMetadata":{"subscriptionId":"sub-1","encoding":"PCM","sampleRate":16000,"channels":1,"length":640}}""", json);
    }

    [Fact]
    public void EncodeThenDecode_InboundAndOutbound_RoundTripSamplesAndMetadata()
    {
        var pool = new AudioFramePool(AudioFormat.Default);
        var decoder = new AudioStreamingDecoder(pool);
        using var encoder = new AudioStreamingEncoder();
        var pcm = WavTests.Ramp(320);
        var at = new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

        using (var inbound = decoder.Decode(encoder.EncodeInboundAudio(pcm, at, "8:acs:x", silent: false).Span).Frame!)
        {
            Assert.Equal(pcm, inbound.Data.ToArray());
            Assert.Equal("8:acs:x", inbound.ParticipantId);
        }

        using var outbound = decoder.Decode(encoder.EncodeOutboundAudio(pcm).Span).Frame!;
        Assert.Equal(pcm, outbound.Data.ToArray());
        Assert.Equal(TimeSpan.FromMilliseconds(20), outbound.Timestamp);
        Assert.Equal(at, decoder.Epoch);
    }

    [Fact]
    public void EncodeOutboundAudio_SteadyState_AllocatesZeroBytes()
    {
        var pcm = WavTests.Ramp(320);
        using var encoder = new AudioStreamingEncoder();
        var allocated = Allocations.QuietestRound(() =>
        {
            encoder.EncodeOutboundAudio(pcm);
            encoder.EncodeInboundAudio(pcm, DateTimeOffset.UnixEpoch, "8:acs:p", false);
        });

        Assert.Equal(0, allocated);
    }
}
