using System.Buffers.Binary;
using CallingBot.Media.Audio;
using CallingBot.Media.Wav;

namespace CallingBot.Media.Tests.Wav;

public class WavTests
{
    [Fact]
    public void WriteThenRead_OneSecond_RoundTripsSamplesAndFormat()
    {
        var pcm = Ramp(16_000);
        using var stream = new MemoryStream();
        using (var writer = new WavWriter(stream, AudioFormat.Default, leaveOpen: true))
        {
            for (var offset = 0; offset < pcm.Length; offset += 640)
            {
                writer.Write(pcm.AsSpan(offset, 640));
            }

            Assert.Equal(TimeSpan.FromSeconds(1), writer.Duration);
        }

        stream.Position = 0;
        using var reader = new WavReader(stream);

        Assert.Equal(16_000, reader.SampleRate);
        Assert.Equal(1, reader.Channels);
        Assert.Equal(32_000, reader.DataLength);
        Assert.Equal(TimeSpan.FromSeconds(1), reader.Duration);
        Assert.True(reader.Matches(AudioFormat.Default));
        Assert.Equal(pcm, reader.ReadToEnd());
    }

    [Fact]
    public void Dispose_AfterWrites_FixesUpRiffAndDataSizes()
    {
        using var stream = new MemoryStream();
        using (var writer = new WavWriter(stream, AudioFormat.Default, leaveOpen: true))
        {
            writer.Write(new byte[640]);
            writer.WriteSilence(1280);
        }

        var bytes = stream.ToArray();

        Assert.Equal(44 + 1920, bytes.Length);
        Assert.Equal("RIFF"u8.ToArray(), bytes[..4]);
        Assert.Equal(36u + 1920u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal("WAVEfmt "u8.ToArray(), bytes[8..16]);
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(20)));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(22)));
        Assert.Equal(16_000u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(24)));
        Assert.Equal(32_000u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(28)));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(32)));
        Assert.Equal(16, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(34)));
        Assert.Equal("data"u8.ToArray(), bytes[36..40]);
        Assert.Equal(1920u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)));
    }

    [Fact]
    public void Flush_MidRecording_LeavesAValidFileAndWritingContinues()
    {
        using var stream = new MemoryStream();
        using var writer = new WavWriter(stream, AudioFormat.Default, leaveOpen: true);
        writer.Write(new byte[640]);

        writer.Flush();

        Assert.Equal(640u, BinaryPrimitives.ReadUInt32LittleEndian(stream.ToArray().AsSpan(40)));
        writer.Write(new byte[640]);
        writer.Flush();
        Assert.Equal(1280u, BinaryPrimitives.ReadUInt32LittleEndian(stream.ToArray().AsSpan(40)));
        Assert.Equal(44 + 1280, stream.Length);
    }

    [Fact]
    public void Write_PartialSample_Throws()
    {
        using var writer = new WavWriter(new MemoryStream(), AudioFormat.Default);

        Assert.Throws<ArgumentException>(() => writer.Write(new byte[3]));
    }

    [Fact]
    public void Constructor_NonSeekableStream_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new WavWriter(new NonSeekableStream(), AudioFormat.Default));

        Assert.Contains("seekable", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ListChunkBeforeData_SkipsIt()
    {
        var bytes = Header(formatTag: 1, bits: 16, extraChunk: true, data: [1, 0, 2, 0]);

        using var reader = new WavReader(new MemoryStream(bytes));

        Assert.Equal(new byte[] { 1, 0, 2, 0 }, reader.ReadToEnd());
    }

    [Fact]
    public void Read_ExtensiblePcm_IsAccepted()
    {
        var bytes = Header(formatTag: 0xFFFE, bits: 16, extensibleSubFormat: 1, data: [5, 0]);

        using var reader = new WavReader(new MemoryStream(bytes));

        Assert.Equal(16_000, reader.SampleRate);
        Assert.Equal(new byte[] { 5, 0 }, reader.ReadToEnd());
    }

    [Theory]
    [InlineData(3, 32, "format tag 3 (IEEE float) is not supported")]
    [InlineData(7, 8, "format tag 7 (mu-law) is not supported")]
    [InlineData(1, 8, "8 bits per sample are not supported")]
    [InlineData(1, 24, "24 bits per sample are not supported")]
    public void Read_UnsupportedEncoding_ThrowsNamingIt(int formatTag, int bits, string expected)
    {
        var bytes = Header((ushort)formatTag, (ushort)bits, data: [0, 0]);

        var ex = Assert.Throws<WavFormatException>(() => new WavReader(new MemoryStream(bytes)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotRiff_Throws()
    {
        var ex = Assert.Throws<WavFormatException>(() => new WavReader(new MemoryStream("OggS0000000000000000"u8.ToArray())));

        Assert.Equal("Not a WAV file: the stream does not start with a RIFF/WAVE header.", ex.Message);
    }

    [Fact]
    public void Read_TruncatedHeader_Throws()
    {
        var bytes = Header(1, 16, data: [0, 0])[..30];

        var ex = Assert.Throws<WavFormatException>(() => new WavReader(new MemoryStream(bytes)));

        Assert.Equal("Unexpected end of file while reading the WAV fmt chunk.", ex.Message);
    }

    [Fact]
    public void Read_DataBeforeFmt_Throws()
    {
        byte[] bytes = [.. "RIFF"u8, 12, 0, 0, 0, .. "WAVE"u8, .. "data"u8, 0, 0, 0, 0];

        var ex = Assert.Throws<WavFormatException>(() => new WavReader(new MemoryStream(bytes)));

        Assert.Equal("The WAV data chunk comes before any fmt chunk.", ex.Message);
    }

    internal static byte[] Ramp(int samples)
    {
        var pcm = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(i * 2), (short)((i * 37) - 16_000));
        }

        return pcm;
    }

    private static byte[] Header(ushort formatTag, ushort bits, byte[] data, bool extraChunk = false, ushort extensibleSubFormat = 0)
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        var fmtSize = formatTag == 0xFFFE ? 40 : 16;
        w.Write("RIFF"u8);
        w.Write(0u);
        w.Write("WAVE"u8);
        if (extraChunk)
        {
            w.Write("LIST"u8);
            w.Write(3u);
            w.Write(new byte[] { 1, 2, 3, 0 });
        }

        w.Write("fmt "u8);
        w.Write((uint)fmtSize);
        w.Write(formatTag);
        w.Write((ushort)1);
        w.Write(16_000u);
        w.Write((uint)(16_000 * bits / 8));
        w.Write((ushort)(bits / 8));
        w.Write(bits);
        if (formatTag == 0xFFFE)
        {
            w.Write((ushort)22);
            w.Write(bits);
            w.Write(4u);
            w.Write(extensibleSubFormat);
            w.Write(new byte[14]);
        }

        w.Write("data"u8);
        w.Write((uint)data.Length);
        w.Write(data);
        w.Flush();
        return stream.ToArray();
    }

    private sealed class NonSeekableStream : MemoryStream
    {
        public override bool CanSeek => false;
    }
}
