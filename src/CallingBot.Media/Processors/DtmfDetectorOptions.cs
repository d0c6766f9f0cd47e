namespace CallingBot.Media.Processors;

/// <summary>Thresholds of the <see cref="DtmfDetector"/>. The defaults suit 20 ms frames of telephone-level audio.</summary>
public sealed class DtmfDetectorOptions
{
    /// <summary>Weakest accepted tone, as the RMS level of each of the two sines. Default: −45 dBFS.</summary>
    public double MinToneLevelDbfs { get; set; } = -45;

    /// <summary>Largest level difference between the two tones, either way. Default: 8 dB.</summary>
    public double MaxTwistDb { get; set; } = 8;

    /// <summary>How much the winning tone of a group must exceed the other tones of that group. Default: 6 dB.</summary>
    public double MinPeakRatioDb { get; set; } = 6;

    /// <summary>
    /// Share of the frame's energy the two tones must hold: the guard against speech, music and noise.
    /// Default: 0.7.
    /// </summary>
    public double MinToneEnergyRatio { get; set; } = 0.7;

    /// <summary>Consecutive frames a key must be heard before it is reported (2 = 40 ms). Default: 2.</summary>
    public int MinKeyFrames { get; set; } = 2;

    /// <summary>Consecutive frames without a tone before the same key can be reported again (2 = 40 ms). Default: 2.</summary>
    public int MinGapFrames { get; set; } = 2;

    internal void ThrowIfInvalid()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinKeyFrames, 1, nameof(MinKeyFrames));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinGapFrames, 1, nameof(MinGapFrames));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxTwistDb, nameof(MaxTwistDb));
        ArgumentOutOfRangeException.ThrowIfNegative(MinPeakRatioDb, nameof(MinPeakRatioDb));
        ArgumentOutOfRangeException.ThrowIfNegative(MinToneEnergyRatio, nameof(MinToneEnergyRatio));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MinToneEnergyRatio, 1, nameof(MinToneEnergyRatio));
    }
}
