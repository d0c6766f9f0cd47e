namespace CallingBot.Emulator.Media;

/// <summary>
/// What a simulated participant says on an app-hosted call: <c>silence</c>, a <c>tone</c> (sine), in-band <c>dtmf</c>
/// keys, or a <c>wav</c> file (16 kHz mono 16-bit PCM, by path or base64 bytes).
/// </summary>
public sealed record MediaSourceSpec
{
    /// <summary><c>silence</c>, <c>tone</c>, <c>dtmf</c> or <c>wav</c>.</summary>
    public string Kind { get; init; } = "silence";

    /// <summary>Tone frequency in Hz (tone).</summary>
    public double FrequencyHz { get; init; } = 440;

    /// <summary>Level of each sine as RMS dBFS (tone, dtmf). Default −12.</summary>
    public double LevelDbfs { get; init; } = -12;

    /// <summary>Keys 0-9, *, #, A-D (dtmf).</summary>
    public string? Keys { get; init; }

    /// <summary>Length of each key's tone (dtmf). Default 100 ms.</summary>
    public int ToneMilliseconds { get; init; } = 100;

    /// <summary>Silence after each key (dtmf). Default 100 ms.</summary>
    public int GapMilliseconds { get; init; } = 100;

    /// <summary>Path of a WAV file on the emulator's machine (wav).</summary>
    public string? WavPath { get; init; }

    /// <summary>The WAV file's bytes, base64 (wav).</summary>
    public string? WavBase64 { get; init; }

    /// <summary>Start again at the end (wav, dtmf); otherwise silence follows.</summary>
    public bool Loop { get; init; }

    public static MediaSourceSpec Silence { get; } = new();

    public static MediaSourceSpec Tone(double frequencyHz, double levelDbfs = -12) => new() { Kind = "tone", FrequencyHz = frequencyHz, LevelDbfs = levelDbfs };

    public static MediaSourceSpec Dtmf(string keys, int toneMilliseconds = 100, int gapMilliseconds = 100) =>
        new() { Kind = "dtmf", Keys = keys, ToneMilliseconds = toneMilliseconds, GapMilliseconds = gapMilliseconds };

    public static MediaSourceSpec Wav(byte[] wavFile, bool loop = false) => new() { Kind = "wav", WavBase64 = Convert.ToBase64String(wavFile), Loop = loop };

    public static MediaSourceSpec WavFile(string path, bool loop = false) => new() { Kind = "wav", WavPath = path, Loop = loop };
}
