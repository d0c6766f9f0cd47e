using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;

namespace CallingBot.Media.Processors;

/// <summary>
/// Sends every inbound frame back into the call through the <see cref="AudioSender"/>, which paces it.
/// The processor only reads the inbound frame (later processors see the same one), so it copies it into a frame
/// from the sender's pool, which the sender then owns.
/// </summary>
public sealed class EchoProcessor : IAudioProcessor
{
    private readonly AudioSender _sender;
    private readonly string? _participantId;

    /// <param name="sender">The call's sender.</param>
    /// <param name="participantId">Echo only this participant of an unmixed stream; null echoes every frame.</param>
    public EchoProcessor(AudioSender sender, string? participantId = null)
    {
        ArgumentNullException.ThrowIfNull(sender);
        _sender = sender;
        _participantId = participantId;
    }

    /// <summary>Frames handed to the sender.</summary>
    public long FramesEchoed { get; private set; }

    public void Process(AudioFrameView frame)
    {
        if (_participantId is not null && !string.Equals(_participantId, frame.ParticipantId, StringComparison.Ordinal))
        {
            return;
        }

        var copy = _sender.Pool.Rent();
        frame.CopyTo(copy);
        if (_sender.TrySend(copy))
        {
            FramesEchoed++;
        }
    }
}
