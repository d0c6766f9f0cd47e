namespace CallingBot.Emulator.Softphone;

/// <summary>
/// A token bucket for the frames one page sends: <see cref="Burst"/> frames at once, refilled at
/// <see cref="FramesPerSecond"/> a second on the emulator's clock. Real time is 50 frames a second; the margin absorbs
/// the jitter of a browser's audio thread and a sound card's clock running slightly fast. Not thread-safe (one
/// receive loop per socket).
/// </summary>
internal sealed class FrameRateLimiter
{
    public const double FramesPerSecond = 60;
    public const double Burst = 50;

    private readonly TimeProvider _time;
    private double _tokens = Burst;
    private long _last;

    public FrameRateLimiter(TimeProvider time)
    {
        _time = time;
        _last = time.GetTimestamp();
    }

    /// <summary>Takes one frame's token; false when the page sends faster than the limit allows.</summary>
    public bool TryTake()
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(Burst, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * FramesPerSecond));
        _last = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens--;
        return true;
    }
}
