namespace CallingBot.Media.Processors;

/// <summary>Settings of the <see cref="DominantSpeakerTracker"/>.</summary>
public sealed class DominantSpeakerOptions
{
    /// <summary>Levels below this count as silence. Default: −50 dBFS.</summary>
    public double FloorDbfs { get; set; } = -50;

    /// <summary>How much louder than the current dominant speaker a challenger must be. Default: 6 dB.</summary>
    public double HysteresisDb { get; set; } = 6;

    /// <summary>How long a challenger must stay ahead before taking over. Default: 300 ms.</summary>
    public TimeSpan SwitchDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Time constant of the level smoothing. Default: 200 ms.</summary>
    public TimeSpan Smoothing { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A participant whose frames stopped arriving this long ago counts as silent. Default: 200 ms.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMilliseconds(200);

    internal void ThrowIfInvalid()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(HysteresisDb, nameof(HysteresisDb));
        ArgumentOutOfRangeException.ThrowIfLessThan(SwitchDelay, TimeSpan.Zero, nameof(SwitchDelay));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Smoothing, TimeSpan.Zero, nameof(Smoothing));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StaleAfter, TimeSpan.Zero, nameof(StaleAfter));
    }
}
