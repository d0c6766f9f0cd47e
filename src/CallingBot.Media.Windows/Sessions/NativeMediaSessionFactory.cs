using System.Collections.Concurrent;
using System.Runtime.Versioning;
using CallingBot.Graph.Calling;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Windows.Configuration;
using CallingBot.Media.Windows.Diagnostics;
using CallingBot.Media.Windows.Video;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph.Communications.Calls;
using Microsoft.Graph.Communications.Calls.Media;
using Microsoft.Graph.Communications.Client;
using Microsoft.Skype.Bots.Media;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using PlatformAudioFormat = Microsoft.Skype.Bots.Media.AudioFormat;

namespace CallingBot.Media.Windows.Sessions;

/// <summary>
/// App-hosted media on Microsoft's native media platform. Sets the media platform on the SDK's client while it is
/// built (which initialises the platform: Windows Server x64 only), then creates one local media session per call
/// with <c>CreateMediaSession</c> and wraps it in a <see cref="NativeMediaSession"/>. Disposing closes the sessions
/// still open.
/// </summary>
[SupportedOSPlatform("windows")]
public sealed partial class NativeMediaSessionFactory(
    IOptions<NativeMediaOptions> options,
    string applicationId,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    MediaMetrics? metrics = null,
    MediaClock? clock = null) : IMediaSessionFactory, ICommunicationsClientConfigurator, IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, NativeMediaSession> _sessions = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger<NativeMediaSessionFactory>();
    private ICommunicationsClient? _client;

    /// <summary>Sessions created and not closed by their call yet.</summary>
    public int OpenSessions => _sessions.Count(s => !s.Value.IsClosed);

    public void Configure(ICommunicationsClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = options.Value;
        builder.SetMediaPlatformSettings(NativeMediaPlatformSettings.Create(settings, applicationId));
        Log.PlatformConfigured(_logger, settings.ServiceFqdn!, settings.PublicIpAddress!, settings.InstancePublicPort, settings.InstanceInternalPort);
    }

    public void OnBuilt(ICommunicationsClient client) => Volatile.Write(ref _client, client ?? throw new ArgumentNullException(nameof(client)));

    public IMediaSession Create(string? callId)
    {
        var client = Volatile.Read(ref _client)
            ?? throw new InvalidOperationException("The native media platform is not initialised: the Graph client has not been built yet.");
        var settings = options.Value;
        var audio = new AudioSocketSettings
        {
            StreamDirections = StreamDirection.Sendrecv,
            SupportedAudioFormat = PlatformAudioFormat.Pcm16K,
            ReceiveUnmixedMeetingAudio = settings.ReceiveUnmixedAudio,
        };
        var video = settings.Video
            ? new VideoSocketSettings
            {
                StreamDirections = StreamDirection.Sendrecv,
                ReceiveColorFormat = VideoColorFormat.NV12,
                SupportedSendVideoFormats = [.. NativeVideoFormats.Send],
                MaxConcurrentSendStreams = 1,
            }
            : null;
        var local = client.CreateMediaSession(audio, video, mediaSessionId: Guid.NewGuid());
        var session = new NativeMediaSession(local, new MediaPipelineOptions { Metrics = metrics, Clock = clock }, time, loggerFactory);
        if (callId is not null)
        {
            session.Bind(callId);
        }

        foreach (var closed in _sessions.Where(s => s.Value.IsClosed).ToArray())
        {
            _sessions.TryRemove(closed);
        }

        _sessions[session.MediaSessionId] = session;
        Log.SessionCreated(_logger, session.MediaSessionId, callId ?? "(new call)", settings.Video);
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions.Values)
        {
            await session.CloseAsync().ConfigureAwait(false);
        }

        _sessions.Clear();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = MediaWindowsEventIds.PlatformConfigured, EventName = nameof(MediaWindowsEventIds.PlatformConfigured), Level = LogLevel.Information, Message = "Native media platform configured for {ServiceFqdn} ({PublicIpAddress}), public port {PublicPort}, internal port {InternalPort}")]
        public static partial void PlatformConfigured(ILogger logger, string serviceFqdn, string publicIpAddress, int publicPort, int internalPort);

        [LoggerMessage(EventId = MediaWindowsEventIds.SessionCreated, EventName = nameof(MediaWindowsEventIds.SessionCreated), Level = LogLevel.Debug, Message = "Native media session {SessionId} created for call {CallId} (video: {Video})")]
        public static partial void SessionCreated(ILogger logger, Guid sessionId, string callId, bool video);
    }
}
