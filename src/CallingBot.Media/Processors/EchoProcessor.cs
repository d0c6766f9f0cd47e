using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;

namespace CallingBot.Media.Processors;

/// <summary>
/// Sends every inbound frame back into the call through the <see cref="AudioSender"/>, which paces it.
/// The frame is copied into a frame from the sender's pool, because the inbound frame still belongs to the
/// processors after this one.
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

    public void Process(AudioFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_participantId is not null && !string.Equals(_participantId, frame.ParticipantId, StringComparison.Ordinal))
        {
            return;
        }

        var copy = _sender.Pool.Rent();
        copy.CopyFrom(frame);
        if (_sender.TrySend(copy))
        {
            FramesEchoed++;
        }
    }
}
