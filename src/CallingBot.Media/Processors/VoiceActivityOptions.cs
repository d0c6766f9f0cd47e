namespace CallingBot.Media.Processors;

/// <summary>Settings of the <see cref="VoiceActivityDetector"/>.</summary>
public sealed class VoiceActivityOptions
{
    /// <summary>A frame at or above this RMS level counts as voice. Default: −40 dBFS.</summary>
    public double ThresholdDbfs { get; set; } = -40;

    /// <summary>Consecutive loud frames before speech starts (2 = 40 ms). Default: 2.</summary>
    public int ActivationFrames { get; set; } = 2;

    /// <summary>Consecutive quiet frames before speech ends, bridging pauses between words (15 = 300 ms). Default: 15.</summary>
    public int HangoverFrames { get; set; } = 15;

    internal void ThrowIfInvalid()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ActivationFrames, 1, nameof(ActivationFrames));
        ArgumentOutOfRangeException.ThrowIfLessThan(HangoverFrames, 1, nameof(HangoverFrames));
    }
}
