namespace CallingBot.Acs.Configuration;

/// <summary>The PCM format of an ACS media stream (<c>audioFormat</c>): 16-bit mono, 20 ms frames.</summary>
public enum AcsAudioFormat
{
    /// <summary>16 kHz: 320 samples, 640 bytes per frame.</summary>
    Pcm16KMono,

    /// <summary>24 kHz: 480 samples, 960 bytes per frame.</summary>
    Pcm24KMono,
}
