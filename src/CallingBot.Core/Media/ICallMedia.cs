using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Pipeline;

namespace CallingBot.Core.Media;

/// <summary>
/// The raw media of one app-hosted call, once its media connection is up. Compose processors on
/// <see cref="Pipeline"/> and call <see cref="MediaPipeline.Start"/>; send audio with <see cref="Sender"/>.
/// The call owns it: it is disposed (recorders closed) when the call is removed.
/// </summary>
public interface ICallMedia
{
    string CallId { get; }

    /// <summary>Inbound frames flow through this pipeline's processors once it is started.</summary>
    MediaPipeline Pipeline { get; }

    /// <summary>Outbound audio, paced at one frame per 20 ms.</summary>
    AudioSender Sender { get; }

    AudioFormat Format { get; }

    MediaStatistics Statistics { get; }

    /// <summary>Cancelled when the media connection closes (the service hung up the socket or the call ended).</summary>
    CancellationToken Disconnected { get; }
}
