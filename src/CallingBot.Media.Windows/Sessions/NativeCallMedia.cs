using CallingBot.Core.Media;
using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Processors;

namespace CallingBot.Media.Windows.Sessions;

/// <summary>
/// The handler's view (<see cref="ICallMedia"/>) of a call's native media: the same pipeline and sender as on the
/// WebSocket transport, so handlers and processors do not change. The platform also reports key presses and the
/// dominant speaker itself; they are raised here (on the platform's event thread: keep handlers short) with the
/// pipeline's event types.
/// </summary>
public sealed class NativeCallMedia : ICallMedia
{
    internal NativeCallMedia(MediaPipeline pipeline, CancellationToken disconnected)
    {
        Pipeline = pipeline;
        Disconnected = disconnected;
    }

    public string CallId => Pipeline.CallId;

    public MediaPipeline Pipeline { get; }

    public AudioSender Sender => Pipeline.Sender;

    public AudioFormat Format => Pipeline.Format;

    public MediaStatistics Statistics => Pipeline.Statistics;

    /// <summary>Cancelled when the session closes (the call ended).</summary>
    public CancellationToken Disconnected { get; }

    /// <summary>A DTMF key the platform received out of band (RFC 2833), with the media clock's position.</summary>
    public event EventHandler<DtmfKeyEventArgs>? ToneReceived;

    /// <summary>The platform's dominant speaker changed (meetings), as a participant id.</summary>
    public event EventHandler<DominantSpeakerChangedEventArgs>? DominantSpeakerChanged;

    internal void RaiseTone(DtmfKeyEventArgs args) => ToneReceived?.Invoke(this, args);

    internal void RaiseDominantSpeaker(DominantSpeakerChangedEventArgs args) => DominantSpeakerChanged?.Invoke(this, args);
}
