using System.Buffers.Binary;
using System.Text;

namespace CallingBot.Emulator.Media;

/// <summary>Reads and writes the WAV files the emulator streams and keeps: 16 kHz, mono, 16-bit PCM.</summary>
public static class WavCodec
{
    public const int SampleRate = 16_000;

    /// <summary>The samples of a 16 kHz mono 16-bit PCM WAV file; throws <see cref="ArgumentException"/> for anything else.</summary>
    public static short[] ReadPcm(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length < 12 || Encoding.ASCII.GetString(file, 0, 4) != "RIFF" || Encoding.ASCII.GetString(file, 8, 4) != "WAVE")
        {
            throw new ArgumentException("Not a WAV file (RIFF/WAVE header missing).");
        }

        var offset = 12;
        var formatSeen = false;
        while (offset + 8 <= file.Length)
        {
            var id = Encoding.ASCII.GetString(file, offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(offset + 4));
            var body = offset + 8;
            if (size < 0 || body + size > file.Length)
            {
                size = file.Length - body;
            }

            if (id == "fmt ")
            {
                var tag = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(body));
                var channels = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(body + 2));
                var rate = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(body + 4));
                var bits = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(body + 14));
                if ((tag != 1 && tag != 0xFFFE) || channels != 1 || rate != SampleRate || bits != 16)
                {
                    throw new ArgumentException(
                        $"The WAV file is format {tag}, {rate} Hz, {channels} channel(s), {bits}-bit; the emulator streams 16 kHz mono 16-bit PCM (convert with: sox in.wav -r 16000 -c 1 -b 16 out.wav).");
                }

                formatSeen = true;
            }
            else if (id == "data")
            {
                if (!formatSeen)
                {
                    throw new ArgumentException("The WAV file has no 'fmt ' chunk before its 'data' chunk.");
                }

                var samples = new short[size / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(body + (i * 2)));
                }

                return samples;
            }

            offset = body + size + (size & 1);
        }

        throw new ArgumentException("The WAV file has no 'data' chunk.");
    }

    /// <summary>A WAV file (16 kHz mono 16-bit) holding <paramref name="pcm"/>.</summary>
    public static byte[] Write(ReadOnlySpan<byte> pcm)
    {
        var file = new byte[44 + pcm.Length];
        var span = file.AsSpan();
        Encoding.ASCII.GetBytes("RIFF", span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + pcm.Length);
        Encoding.ASCII.GetBytes("WAVEfmt ", span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], SampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        Encoding.ASCII.GetBytes("data", span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], pcm.Length);
        pcm.CopyTo(span[44..]);
        return file;
    }
}
