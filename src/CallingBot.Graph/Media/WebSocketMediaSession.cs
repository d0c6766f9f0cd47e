using CallingBot.Core.Media;
using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Sessions;
using Microsoft.Graph.Communications.Calls;
using Microsoft.Graph.Models;
using Newtonsoft.Json.Linq;

namespace CallingBot.Graph.Media;

/// <summary>
/// The SDK's media session for app-hosted media over the media streaming WebSocket: the SDK-facing view of a
/// <see cref="MediaSession"/>. Its configuration blob tells the calling service where to connect
/// (<c>wss://{bot}/media/{sessionId}?token={secret}</c>) and what the bot expects.
/// </summary>
public sealed class WebSocketMediaSession : IAppHostedMediaSession
{
    public const int BlobVersion = 1;

    private readonly Uri _url;
    private readonly AudioFormat _format;
    private readonly bool _unmixed;
    private ConnectedCallMedia? _connected;

    public WebSocketMediaSession(MediaSession session, Uri publicBaseUrl, AudioFormat format, bool unmixed)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        ArgumentNullException.ThrowIfNull(format);
        Session = session;
        _format = format;
        _unmixed = unmixed;
        _url = session.GetUrl(publicBaseUrl);
        Modalities = session.Video ? [Modality.Audio, Modality.Video] : [Modality.Audio];
    }

    /// <summary>The media session this blob describes; owned by the media session registry.</summary>
    public MediaSession Session { get; }

    public Guid MediaSessionId => Session.SessionId;

    public Modality[] Modalities { get; }

    public MediaStatistics? Statistics => Session.Statistics;

    public void Attach(ICall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        Session.BindCall(call.Id);
    }

    public async Task<ICallMedia> WaitConnectedAsync(CancellationToken cancellationToken)
    {
        var connection = await Session.WaitConnectedAsync(cancellationToken).ConfigureAwait(false);

        // A session connects once: every caller gets the same view of it.
        var view = new ConnectedCallMedia(connection);
        return Interlocked.CompareExchange(ref _connected, view, null) ?? view;
    }

    public ValueTask CloseAsync() => Session.CloseAsync();

    public JObject GetMediaConfiguration()
    {
        var blob = new JObject
        {
            ["version"] = BlobVersion,
            ["transport"] = "websocket",
            ["sessionId"] = Session.SessionId.ToString("N"),
            ["url"] = _url.AbsoluteUri,
            ["audio"] = new JObject
            {
                ["encoding"] = "PCM",
                ["sampleRate"] = _format.SampleRate,
                ["channels"] = _format.Channels,
                ["frameMilliseconds"] = (int)_format.FrameDuration.TotalMilliseconds,
                ["unmixed"] = _unmixed,
            },
        };
        if (Session.Video)
        {
            blob["video"] = new JObject
            {
                ["encoding"] = "CBVF",
                ["formats"] = new JArray("NV12", "H264"),
                ["maxWidth"] = 1920,
                ["maxHeight"] = 1080,
                ["maxFrameRate"] = 30,
            };
        }

        return blob;
    }

    public void Dispose()
    {
        // The call owns the media session and closes it when the call is removed.
    }
}
