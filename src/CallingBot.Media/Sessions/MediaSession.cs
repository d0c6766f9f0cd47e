using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using CallingBot.Media.Diagnostics;

namespace CallingBot.Media.Sessions;

/// <summary>
/// One app-hosted media session: the secret the calling service must present on the media WebSocket, the call it
/// belongs to once known, and the call's <see cref="MediaConnection"/> once the socket is connected. Opened by
/// <see cref="MediaSessionRegistry.Open(string?, bool, bool)"/>; closed with its call.
/// </summary>
public sealed class MediaSession
{
    private readonly byte[] _token;
    private readonly TaskCompletionSource<MediaConnection> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closeCompleted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly MediaSessionRegistry _owner;
    private MediaConnection? _connection;
    private MediaStatistics? _statistics;
    private string? _callId;
    private int _closed;

    internal MediaSession(MediaSessionRegistry owner, Guid sessionId, string? callId, bool video, string token)
    {
        _owner = owner;
        SessionId = sessionId;
        _callId = callId;
        if (callId is not null)
        {
            _bound.TrySetResult(callId);
        }

        Video = video;
        Token = token;
        _token = Encoding.UTF8.GetBytes(token);
    }

    public Guid SessionId { get; }

    /// <summary>The call, once known (outbound calls learn their id after creation).</summary>
    public string? CallId => Volatile.Read(ref _callId);

    /// <summary>The session asked for video as well as audio.</summary>
    public bool Video { get; }

    /// <summary>A malformed text message is dropped and counted instead of closing the connection.</summary>
    public bool DropMalformedMessages { get; internal init; }

    public bool IsConnected => Volatile.Read(ref _connection) is not null;

    public bool IsClosed => Volatile.Read(ref _closed) == 1;

    /// <summary>The counters of the session's media connection once one attached; kept after the session closed (for the call's history).</summary>
    public MediaStatistics? Statistics => Volatile.Read(ref _statistics);

    /// <summary>The per-session secret; goes only into the session's URL.</summary>
    internal string Token { get; }

    /// <summary>
    /// The URL the calling service connects to, secret included (<c>{base}/media/{sessionId:N}?token={secret}</c>):
    /// for the session's configuration blob only, never for logs.
    /// </summary>
    public Uri GetUrl(Uri publicBaseUrl) => MediaUrls.ForSession(publicBaseUrl, SessionId, Token);

    /// <summary>Records the call id of a session created before its call existed. The first id wins.</summary>
    public void BindCall(string callId)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        if (Interlocked.CompareExchange(ref _callId, callId, null) is null)
        {
            _owner.IndexCall(this, callId);
            _bound.TrySetResult(callId);
        }
    }

    /// <summary>
    /// Completes with the call id once the session knows its call (at once for answers; after the <c>201 Created</c>
    /// for calls the bot places). Cancelled when the session closes first.
    /// </summary>
    public Task<string> WaitBoundAsync(CancellationToken cancellationToken) => _bound.Task.WaitAsync(cancellationToken);

    /// <summary>Completes when the media connection is up; fails when the session closes first.</summary>
    public Task<MediaConnection> WaitConnectedAsync(CancellationToken cancellationToken) => _connected.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Serves the calling service's accepted WebSocket (after <see cref="MediaSessionRegistry.AdmitAsync"/> admitted
    /// it): creates the call's <see cref="MediaConnection"/>, hands it to the waiters and runs the receive loop until
    /// the socket ends or <paramref name="aborted"/> is cancelled. The connection stays with the session (and so with
    /// the call) after the socket ends; closing the session disposes it.
    /// </summary>
    public async Task RunAsync(WebSocket socket, CancellationToken aborted)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var callId = CallId ?? throw new InvalidOperationException($"The media session {SessionId:N} is not bound to a call; admit the connection first.");
        var connection = new MediaConnection(callId, socket, Video, _owner.Options, _owner.Time, _owner.LoggerFactory, _owner.Logger, _owner.Metrics, _owner.Clock) { DropMalformedMessages = DropMalformedMessages };
        if (!TryAttach(connection))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            MediaSessionLog.Refused(_owner.Logger, SessionId.ToString("N"), "the session closed or connected meanwhile");
            return;
        }

        MediaSessionLog.Connected(_owner.Logger, callId, SessionId);
        var reason = await connection.ReceiveAsync(aborted).ConfigureAwait(false);
        connection.OnDisconnected();
        var statistics = connection.Statistics;
        MediaSessionLog.Disconnected(_owner.Logger, callId, reason, statistics.FramesReceived, statistics.FramesSent, statistics.FramesDropped);
    }

    /// <summary>
    /// Fails waiters, disposes the connection (draining the pipeline, then closing the socket) and then leaves the
    /// registry. Idempotent: every caller completes when the close has finished, whoever started it.
    /// </summary>
    public async ValueTask CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            await _closeCompleted.Task.ConfigureAwait(false);
            return;
        }

        try
        {
            _bound.TrySetCanceled();
            _connected.TrySetException(new InvalidOperationException($"The media session {SessionId:N} closed before its media connected."));
            _ = _connected.Task.Exception;
            if (Interlocked.Exchange(ref _connection, null) is { } connection)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _owner.Remove(this);
            _closeCompleted.TrySetResult();
        }
    }

    /// <summary>Compares a presented token in constant time.</summary>
    internal bool VerifyToken(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 256)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[Encoding.UTF8.GetMaxByteCount(presented.Length)];
        var length = Encoding.UTF8.GetBytes(presented, buffer);
        return CryptographicOperations.FixedTimeEquals(buffer[..length], _token);
    }

    /// <summary>Hands over the call's connected media; false when the session is closed or already connected.</summary>
    internal bool TryAttach(MediaConnection connection)
    {
        if (IsClosed || Interlocked.CompareExchange(ref _connection, connection, null) is not null)
        {
            return false;
        }

        if (IsClosed)
        {
            // Closed while attaching: the caller disposes the connection it could not hand over.
            Interlocked.CompareExchange(ref _connection, null, connection);
            return false;
        }

        Volatile.Write(ref _statistics, connection.Statistics);
        _connected.TrySetResult(connection);
        return true;
    }
}
