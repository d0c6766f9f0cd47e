using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Wav;

namespace CallingBot.Media.Processors;

/// <summary>
/// Records the call's audio into one WAV file on the media timeline: gaps become silence and the
/// participants of an unmixed stream are mixed, so the file lasts as long as the call. Writes are
/// synchronous into the writer's buffered stream; the header is fixed up when the pipeline disposes the
/// recorder (or on <see cref="Flush"/>).
/// </summary>
public sealed class WavRecorder : IAudioProcessor, IDisposable
{
    /// <summary>Longest gap filled with silence at once; a larger jump in timestamps is shortened to this.</summary>
    public static readonly TimeSpan DefaultMaxSilenceFill = TimeSpan.FromMinutes(10);

    private readonly TimelineWriter _timeline;
    private readonly string? _participantId;
    private readonly Lock _gate = new();

    /// <param name="writer">Where to write; owned and disposed by the recorder.</param>
    /// <param name="format">The call's audio format (must match the writer's).</param>
    /// <param name="participantId">Record only this participant of an unmixed stream; null records everyone.</param>
    public WavRecorder(WavWriter writer, AudioFormat format, string? participantId = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(format);
        _timeline = new TimelineWriter(writer, format, alignToCallStart: true, DefaultMaxSilenceFill);
        _participantId = participantId;
    }

    /// <summary>Frames dropped because their slot was already written (they arrived too late to mix).</summary>
    public long LateFrames
    {
        get
        {
            lock (_gate)
            {
                return _timeline.LateFrames;
            }
        }
    }

    public TimeSpan Duration
    {
        get
        {
            lock (_gate)
            {
                return _timeline.Duration;
            }
        }
    }

    public void Process(AudioFrameView frame)
    {
        if (_participantId is not null && !string.Equals(_participantId, frame.ParticipantId, StringComparison.Ordinal))
        {
            return;
        }

        lock (_gate)
        {
            _timeline.Write(frame);
        }
    }

    /// <summary>Writes what is buffered and fixes up the header, leaving a playable file while recording goes on.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            _timeline.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timeline.Dispose();
        }
    }
}
