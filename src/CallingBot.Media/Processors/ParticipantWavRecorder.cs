using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Wav;

namespace CallingBot.Media.Processors;

/// <summary>
/// Records each participant of an unmixed stream into a WAV file of their own, all aligned to the start of
/// the call (a participant who speaks first at 0:42 gets 42 s of leading silence), so the files can be laid
/// side by side. Frames without a participant id (mixed audio) go to the file opened for a null id.
/// </summary>
public sealed class ParticipantWavRecorder : IAudioProcessor, IDisposable
{
    private readonly Func<string?, WavWriter> _openWriter;
    private readonly AudioFormat _format;
    private readonly SourceMap<TimelineWriter> _tracks = new();
    private readonly List<TimelineWriter> _all = [];
    private readonly Lock _gate = new();

    /// <param name="openWriter">Opens the writer for a participant (called once per participant, on their first frame).</param>
    /// <param name="format">The call's audio format.</param>
    public ParticipantWavRecorder(Func<string?, WavWriter> openWriter, AudioFormat format)
    {
        ArgumentNullException.ThrowIfNull(openWriter);
        ArgumentNullException.ThrowIfNull(format);
        _openWriter = openWriter;
        _format = format;
    }

    /// <summary>Participants recorded so far.</summary>
    public int ParticipantCount
    {
        get
        {
            lock (_gate)
            {
                return _all.Count;
            }
        }
    }

    public void Process(AudioFrameView frame)
    {
        lock (_gate)
        {
            var track = _tracks.Find(frame.ParticipantId);
            if (track is null)
            {
                if (_all.Count >= SourceMap<TimelineWriter>.MaxSources)
                {
                    return;
                }

                track = new TimelineWriter(_openWriter(frame.ParticipantId), _format, alignToCallStart: true, WavRecorder.DefaultMaxSilenceFill);
                _tracks.Add(frame.ParticipantId, track);
                _all.Add(track);
            }

            track.Write(frame);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            List<Exception>? errors = null;
            foreach (var track in _all)
            {
                try
                {
                    track.Dispose();
                }
                catch (Exception ex)
                {
                    (errors ??= []).Add(ex);
                }
            }

            _all.Clear();
            if (errors is not null)
            {
                throw new AggregateException("Closing participant recordings failed.", errors);
            }
        }
    }
}
