using CallingBot.Graph.Calling;
using CallingBot.Graph.Diagnostics;
using CallingBot.Media.Audio;
using CallingBot.Media.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph.Communications.Calls;

namespace CallingBot.Graph.Media;

/// <summary>Opens a <see cref="MediaSession"/> per app-hosted call and wraps it in a <see cref="WebSocketMediaSession"/>.</summary>
public sealed partial class WebSocketMediaSessionFactory(
    MediaSessionRegistry registry,
    IMediaEndpointResolver endpoint,
    IOptions<WebSocketMediaOptions> options,
    ILogger<WebSocketMediaSessionFactory> logger) : IMediaSessionFactory
{
    public IMediaSession Create(string? callId)
    {
        var baseUrl = endpoint.GetPublicBaseUrl();
        var session = registry.Open(callId, options.Value.Video);
        Log.Opened(logger, session.SessionId, callId ?? "(new call)", baseUrl);
        return new WebSocketMediaSession(session, baseUrl, AudioFormat.Default, options.Value.Unmixed);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = GraphEventIds.MediaSessionOpened, EventName = nameof(GraphEventIds.MediaSessionOpened), Level = LogLevel.Debug, Message = "Media session {SessionId} opened for call {CallId}; the service connects to {BaseUrl}")]
        public static partial void Opened(ILogger logger, Guid sessionId, string callId, Uri baseUrl);
    }
}
