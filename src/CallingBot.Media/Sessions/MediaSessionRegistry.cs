using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Pipeline;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace CallingBot.Media.Sessions;

/// <summary>
/// The one owner of this instance's app-hosted media sessions: opens them (id and secret), binds them to their call
/// id, admits the calling service's media WebSocket (session, secret, call, one connection each) and serves it. The
/// host only accepts the upgrade; a signaling adapter only puts <see cref="MediaSession.GetUrl"/> into its
/// configuration blob. Whether a call is live or ended is not known here: the call registry answers it, through the
/// <c>isCallEnded</c> question given at construction. A session closes when its call leaves the call manager.
/// Disposing closes them all.
/// </summary>
public sealed class MediaSessionRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, MediaSession> _sessions = new();
    private readonly ConcurrentDictionary<string, MediaSession> _calls = new(StringComparer.OrdinalIgnoreCase);
    private readonly Func<string, bool> _isCallEnded;

    /// <param name="options">The endpoint's limits.</param>
    /// <param name="isCallEnded">Asks the call registry whether a call id has ended.</param>
    /// <param name="time">The clock of the bind wait, close deadlines and the calls' media pipelines.</param>
    /// <param name="loggerFactory">Loggers of the sessions and their pipelines.</param>
    /// <param name="metrics">The process-wide media instruments the pipelines count their frames in; null for none.</param>
    /// <param name="clock">The process's shared frame clock pacing every call's outbound audio; null for a clock per call.</param>
    public MediaSessionRegistry(MediaEndpointOptions options, Func<string, bool> isCallEnded, TimeProvider time, ILoggerFactory loggerFactory, MediaMetrics? metrics = null, MediaClock? clock = null)
    {
        Metrics = metrics;
        Clock = clock;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(isCallEnded);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Options = options;
        _isCallEnded = isCallEnded;
        Time = time;
        LoggerFactory = loggerFactory;
        Logger = loggerFactory.CreateLogger<MediaSessionRegistry>();
    }

    /// <summary>Sessions open or still closing.</summary>
    public int Count => _sessions.Count;

    internal MediaEndpointOptions Options { get; }

    internal TimeProvider Time { get; }

    internal MediaMetrics? Metrics { get; }

    internal MediaClock? Clock { get; }

    internal ILoggerFactory LoggerFactory { get; }

    internal ILogger Logger { get; }

    /// <summary>Opens a session with a new id and a new random secret.</summary>
    /// <param name="callId">The call, when known (an answer); null for a call the bot places (bound later).</param>
    /// <param name="video">Whether the session carries video as well as audio.</param>
    public MediaSession Open(string? callId, bool video) => Open(callId, video, dropMalformedMessages: false);

    /// <summary>Opens a session with a new id and a new random secret.</summary>
    /// <param name="callId">The call, when known (an answer); null for a call the bot places (bound later).</param>
    /// <param name="video">Whether the session carries video as well as audio.</param>
    /// <param name="dropMalformedMessages">
    /// True to drop a malformed text message (counted in <see cref="Diagnostics.MediaStatistics.MessagesRejected"/>)
    /// and keep the connection; false to close the connection with 1007, as the emulator and Graph-side sessions do.
    /// </param>
    public MediaSession Open(string? callId, bool video, bool dropMalformedMessages) => Open(callId, video, dropMalformedMessages, AudioFormat.Default);

    /// <summary>Opens a session with a new id and a new random secret, whose pipelines carry <paramref name="audioFormat"/>.</summary>
    /// <param name="callId">The call, when known (an answer); null for a call the bot places (bound later).</param>
    /// <param name="video">Whether the session carries video as well as audio.</param>
    /// <param name="dropMalformedMessages">True to drop and count a malformed text message; false to close with 1007.</param>
    /// <param name="audioFormat">The stream's audio (ACS offers 16 and 24 kHz mono); the service's AudioMetadata must match it.</param>
    public MediaSession Open(string? callId, bool video, bool dropMalformedMessages, AudioFormat audioFormat)
    {
        ArgumentNullException.ThrowIfNull(audioFormat);
        var token = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var session = new MediaSession(this, Guid.NewGuid(), callId, video, token) { DropMalformedMessages = dropMalformedMessages, AudioFormat = audioFormat };
        _sessions[session.SessionId] = session;
        if (callId is not null)
        {
            IndexCall(session, callId);
        }

        return session;
    }

    public MediaSession? Find(Guid sessionId) => _sessions.GetValueOrDefault(sessionId);

    public MediaSession? FindByCall(string callId) => _calls.GetValueOrDefault(callId);

    /// <summary>
    /// Decides, before the upgrade is accepted, whether a media connection may proceed: a WebSocket request, for an
    /// open session (its id as 32 hex digits), with exactly its secret (compared in constant time), whose call id is
    /// known (waiting up to <see cref="MediaEndpointOptions.BindTimeout"/> for a call the bot places) and has not
    /// ended, and that takes a connection now (no connection yet, or the next one its call's adapter expects). A refusal changes nothing and is logged with the id as given, cut to
    /// 64 characters.
    /// </summary>
    /// <param name="rawSessionId">The session id as it appears in the request path.</param>
    /// <param name="token">The one <c>token</c> query value, or null when it is missing or repeated.</param>
    /// <param name="isWebSocketRequest">Whether the request is a WebSocket upgrade.</param>
    /// <param name="aborted">The request's abort token.</param>
    public async ValueTask<MediaAdmission> AdmitAsync(string rawSessionId, string? token, bool isWebSocketRequest, CancellationToken aborted)
    {
        ArgumentNullException.ThrowIfNull(rawSessionId);
        if (!isWebSocketRequest)
        {
            return Refuse(rawSessionId, MediaRefusal.NotWebSocketRequest);
        }

        if (!Guid.TryParseExact(rawSessionId, "N", out var sessionId) || Find(sessionId) is not { } session)
        {
            return Refuse(rawSessionId, MediaRefusal.UnknownSession);
        }

        if (!session.VerifyToken(token))
        {
            return Refuse(rawSessionId, MediaRefusal.WrongToken);
        }

        if (session.CallId is null && !await WaitBoundAsync(session, aborted).ConfigureAwait(false))
        {
            return Refuse(rawSessionId, MediaRefusal.CallNotKnown);
        }

        if (_isCallEnded(session.CallId!))
        {
            return Refuse(rawSessionId, MediaRefusal.CallEnded);
        }

        if (!session.AcceptsConnection)
        {
            return Refuse(rawSessionId, session.IsClosed ? MediaRefusal.SessionClosed : MediaRefusal.AlreadyConnected);
        }

        return new MediaAdmission(session, MediaRefusal.None);
    }

    /// <summary>Closes every session, waiting for closes already under way (their pipelines drain and commit first).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions.Values)
        {
            await session.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A caller-supplied session id as it may be logged: at most 64 characters (the log redactor escapes control characters).</summary>
    internal static string LoggableId(string raw) => raw.Length > 64 ? raw[..64] : raw;

    internal void IndexCall(MediaSession session, string callId) => _calls[callId] = session;

    internal void Remove(MediaSession session)
    {
        _sessions.TryRemove(new KeyValuePair<Guid, MediaSession>(session.SessionId, session));
        if (session.CallId is { } callId)
        {
            _calls.TryRemove(new KeyValuePair<string, MediaSession>(callId, session));
        }
    }

    private MediaAdmission Refuse(string rawSessionId, MediaRefusal refusal)
    {
        MediaSessionLog.Refused(Logger, LoggableId(rawSessionId), MediaAdmission.Describe(refusal)!);
        return new MediaAdmission(null, refusal);
    }

    /// <summary>
    /// A call the bot places (or a meeting it joins) learns its id from the service's <c>201 Created</c>; the service
    /// may connect the media of the established call before the bot has processed that response. The connection waits
    /// for the id so the call's media and pipeline carry it. False when the session closed, the wait timed out or the
    /// request was aborted.
    /// </summary>
    private async Task<bool> WaitBoundAsync(MediaSession session, CancellationToken aborted)
    {
        using var deadline = new CancellationTokenSource(Options.BindTimeout, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, aborted);
        try
        {
            await session.WaitBoundAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
