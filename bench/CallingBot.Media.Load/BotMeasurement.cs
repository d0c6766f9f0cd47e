using CallingBot.Core.Media;
using CallingBot.Media.Diagnostics;

namespace CallingBot.Media.Load;

/// <summary>The bot's figures of one measured step: frame delays (from the calls' statistics) and counts since <see cref="BotMeasurement.Reset"/>.</summary>
internal sealed record BotFigures(
    double ProcessingP50Ms,
    double ProcessingP99Ms,
    double SendP50Ms,
    double SendP99Ms,
    double MaxMs,
    long Dropped,
    long LateSends,
    long Sends);

/// <summary>Measures the bot's connected calls: reset at the start of a step, read at its end. Lives where the bot runs.</summary>
internal sealed class BotMeasurement(LoadRouter router)
{
    private readonly Lock _gate = new();
    private ICallMedia[] _media = [];
    private long _dropped0;
    private long _late0;

    public int Connected => router.Connected.Count;

    public void Reset()
    {
        lock (_gate)
        {
            _media = [.. router.Connected.Values];
            foreach (var m in _media)
            {
                m.Statistics.ProcessingDelay.Reset();
                m.Statistics.SendDelay.Reset();
            }

            _dropped0 = _media.Sum(m => m.Statistics.FramesDropped);
            _late0 = _media.Sum(m => m.Statistics.LateFrames);
        }
    }

    public BotFigures Read()
    {
        lock (_gate)
        {
            var processing = new LatencyHistogram();
            var sending = new LatencyHistogram();
            foreach (var m in _media)
            {
                processing.Add(m.Statistics.ProcessingDelay);
                sending.Add(m.Statistics.SendDelay);
            }

            return new BotFigures(
                processing.GetPercentile(50).TotalMilliseconds,
                processing.GetPercentile(99).TotalMilliseconds,
                sending.GetPercentile(50).TotalMilliseconds,
                sending.GetPercentile(99).TotalMilliseconds,
                Math.Max(processing.Max.TotalMilliseconds, sending.Max.TotalMilliseconds),
                _media.Sum(m => m.Statistics.FramesDropped) - _dropped0,
                _media.Sum(m => m.Statistics.LateFrames) - _late0,
                sending.Count);
        }
    }
}
