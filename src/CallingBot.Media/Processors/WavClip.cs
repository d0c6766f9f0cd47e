using CallingBot.Media.Audio;
using CallingBot.Media.Wav;

namespace CallingBot.Media.Processors;

/// <summary>
/// A prompt loaded into memory once, in the call's format, and shared by any number of concurrent
/// <see cref="WavPlayer"/>s. There is no resampling: a file in another format is rejected with a message
/// that says how to convert it.
/// </summary>
public sealed class WavClip
{
    private WavClip(AudioFormat format, byte[] pcm)
    {
        Format = format;
        Pcm = pcm;
    }

    public AudioFormat Format { get; }

    public ReadOnlyMemory<byte> Pcm { get; }

    public TimeSpan Duration => Format.DurationOf(Pcm.Length);

    /// <summary>Frames needed to play the clip once (the last one padded with silence).</summary>
    public long FrameCount => (Pcm.Length + Format.BytesPerFrame - 1) / Format.BytesPerFrame;

    public static WavClip Load(string path, AudioFormat format)
    {
        using var reader = WavReader.Open(path);
        return Load(reader, format);
    }

    public static WavClip Load(Stream stream, AudioFormat format)
    {
        using var reader = new WavReader(stream, leaveOpen: true);
        return Load(reader, format);
    }

    public static WavClip Load(WavReader reader, AudioFormat format)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(format);
        if (!reader.Matches(format))
        {
            throw new WavFormatException(
                $"The WAV file is {reader.SampleRate} Hz with {reader.Channels} channel(s); the call needs {format.SampleRate} Hz with {format.Channels}. " +
                $"Convert it first, for example: sox in.wav -r {format.SampleRate} -c {format.Channels} -b 16 out.wav");
        }

        return new WavClip(format, reader.ReadToEnd());
    }

    /// <summary>A clip from raw PCM already in <paramref name="format"/>.</summary>
    public static WavClip FromPcm(ReadOnlySpan<byte> pcm, AudioFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (pcm.Length % format.BlockAlign != 0)
        {
            throw new ArgumentException($"PCM length {pcm.Length} is not a multiple of {format.BlockAlign} bytes.", nameof(pcm));
        }

        return new WavClip(format, pcm.ToArray());
    }
}
