using CallingBot.Core.Media;
using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Sessions;

namespace CallingBot.Graph.Media;

/// <summary>The handler's view (<see cref="ICallMedia"/>) of a media session's connection.</summary>
internal sealed class ConnectedCallMedia(MediaConnection connection) : ICallMedia
{
    public MediaConnection Connection { get; } = connection;

    public string CallId => Connection.CallId;

    public MediaPipeline Pipeline => Connection.Pipeline;

    public AudioSender Sender => Connection.Sender;

    public AudioFormat Format => Connection.Format;

    public MediaStatistics Statistics => Connection.Statistics;

    public CancellationToken Disconnected => Connection.Disconnected;
}
