using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;

namespace CallingBot.Media.Processors;

/// <summary>
/// Follows who is speaking loudest in an unmixed stream. Each participant's level is smoothed; a
/// challenger takes over when it has been at least <see cref="DominantSpeakerOptions.HysteresisDb"/>
/// louder than the current dominant speaker (or the current one went silent) for
/// <see cref="DominantSpeakerOptions.SwitchDelay"/>, so near-equal voices do not flap. Frames without a
/// participant id (mixed audio) are ignored. <see cref="DominantSpeakerChanged"/> is raised on the
/// pipeline's loop.
/// </summary>
public sealed class DominantSpeakerTracker : IAudioProcessor
{
    private readonly DominantSpeakerOptions _options;
    private readonly double _alpha;
    private readonly SourceMap<Speaker> _speakers = new();
    private Speaker? _current;
    private Speaker? _challenger;
    private TimeSpan _challengerSince;

    public DominantSpeakerTracker(AudioFormat format, DominantSpeakerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(format);
        _options = options ?? new DominantSpeakerOptions();
        _options.ThrowIfInvalid();
        _alpha = 1 - Math.Exp(-format.FrameDuration.TotalMilliseconds / _options.Smoothing.TotalMilliseconds);
    }

    public event EventHandler<DominantSpeakerChangedEventArgs>? DominantSpeakerChanged;

    /// <summary>The current dominant speaker, or null before anyone spoke.</summary>
    public string? Current => _current?.Id;

    public void Process(AudioFrameView frame)
    {
        if (frame.ParticipantId is not { } id)
        {
            return;
        }

        var speaker = _speakers.Find(id);
        if (speaker is null)
        {
            speaker = new Speaker(id);
            _speakers.Add(id, speaker);
        }

        var rms = frame.IsSilent ? 0 : AudioLevel.Rms(frame.Samples);
        speaker.Power += _alpha * ((rms * rms) - speaker.Power);
        speaker.LastSeen = frame.Timestamp;

        var now = frame.Timestamp;
        var loudest = Loudest(now);
        if (loudest is null || ReferenceEquals(loudest, _current))
        {
            _challenger = null;
            return;
        }

        var currentLevel = _current is null ? double.NegativeInfinity : LevelDbfs(_current, now);
        if (LevelDbfs(loudest, now) < currentLevel + _options.HysteresisDb)
        {
            _challenger = null;
            return;
        }

        if (!ReferenceEquals(_challenger, loudest))
        {
            _challenger = loudest;
            _challengerSince = now;
        }

        if (now - _challengerSince >= _options.SwitchDelay)
        {
            var previous = _current;
            _current = loudest;
            _challenger = null;
            DominantSpeakerChanged?.Invoke(this, new DominantSpeakerChangedEventArgs(previous?.Id, loudest.Id, now));
        }
    }

    private Speaker? Loudest(TimeSpan now)
    {
        Speaker? loudest = null;
        var best = _options.FloorDbfs;
        foreach (var speaker in _speakers.Values)
        {
            var level = LevelDbfs(speaker, now);
            if (level > best)
            {
                best = level;
                loudest = speaker;
            }
        }

        return loudest;
    }

    private double LevelDbfs(Speaker speaker, TimeSpan now) =>
        now - speaker.LastSeen > _options.StaleAfter ? AudioLevel.SilenceDbfs : AudioLevel.ToDbfs(Math.Sqrt(speaker.Power));

    private sealed class Speaker(string id)
    {
        public string Id { get; } = id;

        public double Power { get; set; }

        public TimeSpan LastSeen { get; set; }
    }
}
