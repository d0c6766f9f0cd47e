using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;

namespace CallingBot.Media.Processors;

/// <summary>
/// Detects in-band DTMF keys with the Goertzel algorithm on the eight DTMF frequencies, frame by frame.
/// A frame holds a key when the strongest low and high tones are loud enough, within the allowed twist,
/// clearly above their neighbours, and together hold most of the frame's energy (which rejects speech and
/// noise). A key is reported once when heard for <see cref="DtmfDetectorOptions.MinKeyFrames"/> frames, and
/// again only after <see cref="DtmfDetectorOptions.MinGapFrames"/> frames without it. Participants of an
/// unmixed stream are tracked separately. <see cref="KeyDetected"/> is raised on the pipeline's loop.
/// </summary>
/// <remarks>
/// With 20 ms frames, tones of 60 ms or more are detected whatever their alignment; 40 ms tones only when
/// they fill two frames.
/// </remarks>
public sealed class DtmfDetector : IAudioProcessor
{
    private const char NoKey = '\0';

    private readonly DtmfDetectorOptions _options;
    private readonly Goertzel _goertzel;
    private readonly double _minTonePower;
    private readonly double _maxTwist;
    private readonly double _minPeakRatio;
    private readonly SourceMap<KeyState> _states = new();

    public DtmfDetector(AudioFormat format, DtmfDetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(format);
        _options = options ?? new DtmfDetectorOptions();
        _options.ThrowIfInvalid();
        Span<double> frequencies = stackalloc double[8];
        DtmfTones.Low.CopyTo(frequencies);
        DtmfTones.High.CopyTo(frequencies[4..]);
        _goertzel = new Goertzel(frequencies, format.SampleRate);
        var minRms = AudioLevel.FromDbfs(_options.MinToneLevelDbfs) * 32768;
        _minTonePower = minRms * minRms;
        _maxTwist = Math.Pow(10, _options.MaxTwistDb / 10);
        _minPeakRatio = Math.Pow(10, _options.MinPeakRatioDb / 10);
    }

    /// <summary>Raised once per key press.</summary>
    public event EventHandler<DtmfKeyEventArgs>? KeyDetected;

    /// <summary>Key presses reported so far.</summary>
    public long KeysDetected { get; private set; }

    public void Process(AudioFrameView frame)
    {
        var state = _states.Find(frame.ParticipantId);
        if (state is null)
        {
            state = new KeyState();
            _states.Add(frame.ParticipantId, state);
        }

        var key = frame.IsSilent ? NoKey : Classify(frame.Samples);
        if (key == NoKey)
        {
            state.Candidate = NoKey;
            state.Run = 0;
            if (++state.QuietRun >= _options.MinGapFrames)
            {
                state.LastReported = NoKey;
            }

            return;
        }

        state.QuietRun = 0;
        if (key != state.Candidate)
        {
            state.Candidate = key;
            state.Run = 0;
            state.CandidateStart = frame.Timestamp;
        }

        state.Run++;
        if (state.Run == _options.MinKeyFrames && key != state.LastReported)
        {
            state.LastReported = key;
            KeysDetected++;
            KeyDetected?.Invoke(this, new DtmfKeyEventArgs(key, frame.ParticipantId, state.CandidateStart));
        }
    }

    /// <summary>The key a single frame holds, or <c>'\0'</c>.</summary>
    internal char Classify(ReadOnlySpan<short> samples)
    {
        long energy = 0;
        foreach (var s in samples)
        {
            energy += s * s;
        }

        var meanPower = (double)energy / samples.Length;
        if (meanPower < 2 * _minTonePower)
        {
            return NoKey;
        }

        Span<double> power = stackalloc double[8];
        _goertzel.Measure(samples, power);
        var low = power[..4];
        var high = power[4..];

        var lowIndex = Strongest(low);
        var highIndex = Strongest(high);
        var lowPower = low[lowIndex];
        var highPower = high[highIndex];

        if (lowPower < _minTonePower || highPower < _minTonePower)
        {
            return NoKey;
        }

        if (highPower > lowPower * _maxTwist || lowPower > highPower * _maxTwist)
        {
            return NoKey;
        }

        if (!StandsOut(low, lowIndex) || !StandsOut(high, highIndex))
        {
            return NoKey;
        }

        if (lowPower + highPower < _options.MinToneEnergyRatio * meanPower)
        {
            return NoKey;
        }

        return DtmfTones.KeyAt(lowIndex, highIndex);
    }

    private static int Strongest(ReadOnlySpan<double> power)
    {
        var best = 0;
        for (var i = 1; i < power.Length; i++)
        {
            if (power[i] > power[best])
            {
                best = i;
            }
        }

        return best;
    }

    private bool StandsOut(ReadOnlySpan<double> power, int winner)
    {
        for (var i = 0; i < power.Length; i++)
        {
            if (i != winner && power[i] * _minPeakRatio > power[winner])
            {
                return false;
            }
        }

        return true;
    }

    private sealed class KeyState
    {
        public char Candidate { get; set; }

        public int Run { get; set; }

        public int QuietRun { get; set; }

        public char LastReported { get; set; }

        public TimeSpan CandidateStart { get; set; }
    }
}
