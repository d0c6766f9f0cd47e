using System.Runtime.InteropServices;
using Microsoft.Skype.Bots.Media;

namespace CallingBot.Media.Windows.Tests.Doubles;

/// <summary>A received audio buffer as the platform hands it over: PCM in native memory, freed on dispose.</summary>
internal sealed class TestAudioBuffer : AudioMediaBuffer
{
    public TestAudioBuffer(ReadOnlySpan<byte> pcm, long timestamp, bool isSilence = false, uint[]? activeSpeakers = null)
    {
        Data = Marshal.AllocHGlobal(Math.Max(1, pcm.Length));
        unsafe
        {
            pcm.CopyTo(new Span<byte>((void*)Data, pcm.Length));
        }

        Length = pcm.Length;
        AudioFormat = Microsoft.Skype.Bots.Media.AudioFormat.Pcm16K;
        Timestamp = timestamp;
        IsSilence = isSilence;
        ActiveSpeakers = activeSpeakers ?? [];
    }

    public bool Disposed { get; private set; }

    protected override void Dispose(bool disposing)
    {
        if (!Disposed)
        {
            Disposed = true;
            Marshal.FreeHGlobal(Data);
            Data = 0;
        }
    }
}
