using System.Text;
using CallingBot.Media.Audio;
using CallingBot.Media.Streaming;
using CallingBot.Media.Tests.Fakes;
using CallingBot.Media.Tests.Wav;

namespace CallingBot.Media.Tests.Streaming;

public class AudioStreamingDecoderTests
{
    private readonly AudioFramePool _pool = new(AudioFormat.Default);

    [Fact]
    public void Decode_AcsMetadata_ReturnsAndKeepsIt()
    {
        var decoder = new AudioStreamingDecoder(_pool);

        var message = decoder.Decode(Utf8("""
            {"kind":"AudioMetadata","audioMetadata":{"subscriptionId":"89e8cb59-b991-48b0-b154-1db84f16a077","encoding":"PCM","sampleRate":16000,"channels":1,"length":640}}
            """));

        Assert.Equal(StreamingMessageKind.AudioMetadata, message.Kind);
        Assert.Equal(new AudioMetadata("89e8cb59-b991-48b0-b154-1db84f16a077", "PCM", 16_000, 1, 640), message.Metadata);
        Assert.Same(message.Metadata, decoder.Metadata);
        Assert.Null(message.Frame);
    }

    [Fact]
    public void Decode_AcsAudioData_FillsPooledFrame()
    {
        var pcm = WavTests.Ramp(320);
        var decoder = new AudioStreamingDecoder(_pool);

        var message = decoder.Decode(Utf8($$$"""
            {"kind":"AudioData","audioData":{"timestamp":"2024-11-18T19:07:55.353Z","participantRawID":"8:acs:3d2c-1","data":"{{{Convert.ToBase64String(pcm)}}}","silent":false}}
            """));

        using var frame = message.Frame!;
        Assert.Equal(StreamingMessageKind.AudioData, message.Kind);
        Assert.Equal(pcm, frame.Data.ToArray());
        Assert.Equal("8:acs:3d2c-1", frame.ParticipantId);
        Assert.False(frame.IsSilent);
        Assert.Equal(TimeSpan.Zero, frame.Timestamp);
        Assert.Equal(new DateTimeOffset(2024, 11, 18, 19, 7, 55, 353, TimeSpan.Zero), message.WireTimestamp);
        Assert.Equal(message.WireTimestamp, decoder.Epoch);
    }

    [Fact]
    public void Decode_SecondFrame_TimestampIsRelativeToFirst()
    {
        var decoder = new AudioStreamingDecoder(_pool);
        decoder.Decode(AudioJson("2024-11-18T19:07:55.000Z", null)).Frame!.Dispose();

        using var frame = decoder.Decode(AudioJson("2024-11-18T19:07:55.040Z", null)).Frame!;

        Assert.Equal(TimeSpan.FromMilliseconds(40), frame.Timestamp);
    }

    [Fact]
    public void Decode_PascalCaseAndKindLast_IsAccepted()
    {
        var pcm = new byte[640];
        var decoder = new AudioStreamingDecoder(_pool);

        var message = decoder.Decode(Utf8($$$"""
            {"AudioData":{"Data":"{{{Convert.ToBase64String(pcm)}}}","Silent":true},"StopAudio":null,"Kind":"AudioData"}
            """));

        using var frame = message.Frame!;
        Assert.True(frame.IsSilent);
        Assert.Null(frame.ParticipantId);
        Assert.Null(message.WireTimestamp);
    }

    [Fact]
    public void Decode_EscapedBase64_IsUnescaped()
    {
        var pcm = Enumerable.Repeat((byte)0xFB, 640).ToArray();
        var base64 = Convert.ToBase64String(pcm);
        Assert.Contains("+", base64, StringComparison.Ordinal);
        var escaped = base64.Replace("+", "\\u002B", StringComparison.Ordinal).Replace("/", "\\/", StringComparison.Ordinal);
        var decoder = new AudioStreamingDecoder(_pool);

        using var frame = decoder.Decode(Utf8($$$"""{"kind":"AudioData","audioData":{"data":"{{{escaped}}}"}}""")).Frame!;

        Assert.Equal(pcm, frame.Data.ToArray());
    }

    [Fact]
    public void Decode_SameParticipantTwice_ReturnsSameString()
    {
        var decoder = new AudioStreamingDecoder(_pool);
        using var first = decoder.Decode(AudioJson("2024-11-18T19:07:55.000Z", "8:acs:p")).Frame!;
        using var second = decoder.Decode(AudioJson("2024-11-18T19:07:55.020Z", "8:acs:p")).Frame!;

        Assert.Same(first.ParticipantId, second.ParticipantId);
    }

    [Fact]
    public void Decode_StopAudioAndUnknownKinds_ReturnKindWithoutFrame()
    {
        var decoder = new AudioStreamingDecoder(_pool);

        var stop = decoder.Decode(Utf8("""{"kind":"StopAudio","audioData":null,"stopAudio":{}}"""));
        var dtmf = decoder.Decode(Utf8("""{"kind":"DtmfData","dtmfData":{"data":"5"}}"""));

        Assert.Equal(new StreamingMessage(StreamingMessageKind.StopAudio), stop);
        Assert.Equal(new StreamingMessage(StreamingMessageKind.Unknown), dtmf);
    }

    [Theory]
    [InlineData("not json", "Malformed media streaming message")]
    [InlineData("[1,2]", "A media streaming message must be a JSON object.")]
    [InlineData("{\"audioData\":null}", "A media streaming message has no kind.")]
    [InlineData("{\"kind\":42}", "The kind of a media streaming message must be a string.")]
    [InlineData("{\"kind\":\"AudioData\"}", "An AudioData message has no audioData object.")]
    [InlineData("{\"kind\":\"AudioData\",\"audioData\":{\"silent\":false}}", "audioData has no data.")]
    [InlineData("{\"kind\":\"AudioData\",\"audioData\":{\"data\":\"AAAA\"}}", "audioData.data holds 3 bytes; one frame of PCM 16000 Hz, 1 ch, 16-bit, 20 ms frames is 640 bytes.")]
    [InlineData("{\"kind\":\"AudioData\",\"audioData\":{\"data\":\"!!!!\"}}", "audioData.data is not valid base64.")]
    [InlineData("{\"kind\":\"AudioData\",\"audioData\":{\"timestamp\":\"yesterday\",\"data\":\"AAAA\"}}", "audioData.timestamp must be an ISO 8601 date and time.")]
    [InlineData("{\"kind\":\"AudioMetadata\",\"audioMetadata\":{\"encoding\":\"PCM\",\"sampleRate\":24000,\"channels\":1,\"length\":960}}", "audioMetadata.sampleRate is 24000 Hz; this pipeline is configured for 16000 Hz.")]
    [InlineData("{\"kind\":\"AudioMetadata\",\"audioMetadata\":{\"encoding\":\"OPUS\",\"sampleRate\":16000,\"channels\":1}}", "audioMetadata.encoding 'OPUS' is not supported; only PCM is.")]
    [InlineData("{\"kind\":\"AudioMetadata\",\"audioMetadata\":{\"sampleRate\":16000,\"channels\":2}}", "audioMetadata.channels is 2; this pipeline is configured for 1.")]
    [InlineData("{\"kind\":\"AudioMetadata\",\"audioMetadata\":{\"sampleRate\":16000,\"channels\":1,\"length\":320}}", "audioMetadata.length is 320 bytes; one frame of PCM 16000 Hz, 1 ch, 16-bit, 20 ms frames is 640 bytes.")]
    [InlineData("{\"kind\":\"StopAudio\"} {}", "Malformed media streaming message")]
    public void Decode_MalformedMessage_ThrowsMediaProtocolExceptionAndLeaksNoFrame(string json, string expected)
    {
        var decoder = new AudioStreamingDecoder(_pool);

        var ex = Assert.Throws<MediaProtocolException>(() => decoder.Decode(Utf8(json)));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal(_pool.Created, _pool.Available);
    }

    [Fact]
    public void Decode_PayloadLongerThanAFrame_Throws()
    {
        var decoder = new AudioStreamingDecoder(_pool);
        var json = Utf8($$$"""{"kind":"AudioData","audioData":{"data":"{{{Convert.ToBase64String(new byte[642])}}}"}}""");

        var ex = Assert.Throws<MediaProtocolException>(() => decoder.Decode(json));

        Assert.Equal("audioData.data holds more than one frame of PCM 16000 Hz, 1 ch, 16-bit, 20 ms frames (640 bytes).", ex.Message);
    }

    [Fact]
    public void Decode_MessageOverLimit_ThrowsBeforeParsing()
    {
        var decoder = new AudioStreamingDecoder(_pool, maxMessageBytes: 1024);

        var ex = Assert.Throws<MediaProtocolException>(() => decoder.Decode(new byte[1025]));

        Assert.Equal("A media streaming message of 1025 bytes exceeds the limit of 1024 bytes.", ex.Message);
    }

    [Fact]
    public void Decode_SteadyState_AllocatesZeroBytes()
    {
        var decoder = new AudioStreamingDecoder(_pool);
        using var encoder = new AudioStreamingEncoder();
        var json = encoder.EncodeInboundAudio(WavTests.Ramp(320), DateTimeOffset.UnixEpoch, "8:acs:participant-1", silent: false).ToArray();
        Assert.Equal(0, Allocations.QuietestRound(() => decoder.Decode(json).Frame!.Dispose()));
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text.Trim());

    private static byte[] AudioJson(string timestamp, string? participant)
    {
        var id = participant is null ? string.Empty : $"\"participantRawID\":\"{participant}\",";
        return Utf8($$$"""{"kind":"AudioData","audioData":{"timestamp":"{{{timestamp}}}",{{{id}}}"data":"{{{Convert.ToBase64String(new byte[640])}}}"}}""");
    }
}
