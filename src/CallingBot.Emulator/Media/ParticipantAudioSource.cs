namespace CallingBot.Emulator.Media;

/// <summary>Produces one participant's audio, 20 ms at a time (320 samples at 16 kHz).</summary>
internal abstract class ParticipantAudioSource
{
    public const int SampleRate = 16_000;
    public const int SamplesPerFrame = 320;
    public const int BytesPerFrame = SamplesPerFrame * 2;

    /// <summary>Fills <paramref name="frame"/>; returns false when the frame is silence.</summary>
    public abstract bool Read(Span<short> frame);

    public static ParticipantAudioSource Create(MediaSourceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentLimits.Length(spec.Kind, EmulatorLimits.MaxIdLength, "kind");
        ArgumentLimits.Length(spec.Keys, EmulatorLimits.MaxTextLength, "keys");
        ArgumentLimits.Length(spec.WavPath, EmulatorLimits.MaxUriLength, "wavPath");
        return spec.Kind.ToUpperInvariant() switch
        {
            "SILENCE" => new SilenceSource(),
            "TONE" => new ToneSource([spec.FrequencyHz], spec.LevelDbfs),
            "DTMF" => new DtmfSource(spec.Keys ?? throw new ArgumentException("A dtmf source needs 'keys'."), spec.ToneMilliseconds, spec.GapMilliseconds, spec.LevelDbfs, spec.Loop),
            "WAV" => new PcmSource(LoadWav(spec), spec.Loop),
            _ => throw new ArgumentException($"Unknown media source kind '{spec.Kind}'; use silence, tone, dtmf or wav."),
        };
    }

    /// <summary>Checks a spec by building its source once (files are read, keys validated).</summary>
    public static void Validate(MediaSourceSpec spec) => Create(spec);

    private static short[] LoadWav(MediaSourceSpec spec)
    {
        if (spec.WavBase64 is { } base64)
        {
            return WavCodec.ReadPcm(Convert.FromBase64String(base64));
        }

        if (spec.WavPath is { } path)
        {
            return WavCodec.ReadPcm(File.ReadAllBytes(path));
        }

        throw new ArgumentException("A wav source needs 'wavPath' or 'wavBase64'.");
    }

    protected static double Amplitude(double levelDbfs) => short.MaxValue * Math.Sqrt(2) * Math.Pow(10, levelDbfs / 20);
}
