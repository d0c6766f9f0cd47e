using CallingBot.Core.Media;
using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Sessions;

namespace CallingBot.Acs.Media;

/// <summary>The handler's view (<see cref="ICallMedia"/>) of an ACS call's media streaming connection.</summary>
internal sealed class AcsCallMedia(MediaConnection connection) : ICallMedia
{
    /// <summary>The stream this view shows.</summary>
    public MediaConnection Connection => connection;

    public string CallId => connection.CallId;

    public MediaPipeline Pipeline => connection.Pipeline;

    public AudioSender Sender => connection.Sender;

    public AudioFormat Format => connection.Format;

    public MediaStatistics Statistics => connection.Statistics;

    public CancellationToken Disconnected => connection.Disconnected;
}
