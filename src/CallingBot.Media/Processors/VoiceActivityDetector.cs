using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;

namespace CallingBot.Media.Processors;

/// <summary>
/// Energy-based voice activity: each frame's RMS level in dBFS against a threshold, with a short
/// activation delay and a hangover that bridges pauses between words. Tracks each participant of an
/// unmixed stream separately; <see cref="VoiceActivityChanged"/> is raised on the pipeline's loop.
/// </summary>
public sealed class VoiceActivityDetector : IAudioProcessor
{
    private readonly VoiceActivityOptions _options;
    private readonly SourceMap<VoiceState> _states = new();

    public VoiceActivityDetector(VoiceActivityOptions? options = null)
    {
        _options = options ?? new VoiceActivityOptions();
        _options.ThrowIfInvalid();
    }

    public event EventHandler<VoiceActivityEventArgs>? VoiceActivityChanged;

    /// <summary>RMS level of the most recent frame of <paramref name="participantId"/>, or silence if none arrived.</summary>
    public double GetLevelDbfs(string? participantId) => _states.Find(participantId)?.LevelDbfs ?? AudioLevel.SilenceDbfs;

    /// <summary>Whether <paramref name="participantId"/> is currently speaking.</summary>
    public bool IsSpeaking(string? participantId) => _states.Find(participantId)?.Speaking ?? false;

    public void Process(AudioFrameView frame)
    {
        var state = _states.Find(frame.ParticipantId);
        if (state is null)
        {
            state = new VoiceState();
            _states.Add(frame.ParticipantId, state);
        }

        var level = frame.IsSilent ? AudioLevel.SilenceDbfs : AudioLevel.RmsDbfs(frame.Samples);
        state.LevelDbfs = level;
        if (level >= _options.ThresholdDbfs)
        {
            state.QuietRun = 0;
            if (!state.Speaking && ++state.LoudRun >= _options.ActivationFrames)
            {
                state.Speaking = true;
                VoiceActivityChanged?.Invoke(this, new VoiceActivityEventArgs(frame.ParticipantId, true, frame.Timestamp, level));
            }
        }
        else
        {
            state.LoudRun = 0;
            if (state.Speaking && ++state.QuietRun >= _options.HangoverFrames)
            {
                state.Speaking = false;
                VoiceActivityChanged?.Invoke(this, new VoiceActivityEventArgs(frame.ParticipantId, false, frame.Timestamp, level));
            }
        }
    }

    private sealed class VoiceState
    {
        public double LevelDbfs { get; set; } = AudioLevel.SilenceDbfs;

        public bool Speaking { get; set; }

        public int LoudRun { get; set; }

        public int QuietRun { get; set; }
    }
}
