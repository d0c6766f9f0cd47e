using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;

namespace CallingBot.Media.Sessions;

/// <summary>
/// One app-hosted media session: the secret the calling service must present on the media WebSocket, the call it
/// belongs to once known, and the call's <see cref="MediaConnection"/> once the socket is connected. Opened by
/// <see cref="MediaSessionRegistry.Open(string?, bool, bool)"/>; closed with its call.
/// </summary>
/// <remarks>
/// A session takes one connection, unless its signaling adapter expects another (<see cref="ExpectNextConnection"/>,
/// when ACS media streaming is started again after a stop): the next connection gets a new pipeline, and the one
/// before it is disposed (its pipeline drains, its processors flush) once the new one is attached.
/// </remarks>
public sealed class MediaSession
{
    private readonly byte[] _token;
    private readonly Lock _gate = new();
    private readonly List<MediaStatistics> _earlierStatistics = [];
    private readonly TaskCompletionSource<string> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closeCompleted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly MediaSessionRegistry _owner;
    private TaskCompletionSource<MediaConnection> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MediaConnection? _connection;
    private MediaStatistics? _statistics;
    private bool _accepting = true;
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

    /// <summary>The audio format of the session's pipelines (16 kHz mono unless opened otherwise).</summary>
    public AudioFormat AudioFormat { get; internal init; } = AudioFormat.Default;

    /// <summary>A media connection has attached (it may have closed since).</summary>
    public bool IsConnected => Volatile.Read(ref _connection) is not null;

    /// <summary>The session takes a media connection now: its first one, or the next one it was told to expect.</summary>
    public bool AcceptsConnection
    {
        get
        {
            lock (_gate)
            {
                return _accepting && !IsClosed;
            }
        }
    }

    public bool IsClosed => Volatile.Read(ref _closed) == 1;

    /// <summary>The counters of the session's latest media connection once one attached; kept after the session closed.</summary>
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

    /// <summary>
    /// The counters of every media connection the session had, summed (delays over all their frames), for the call's
    /// history; null when none attached. Readable after the session closed.
    /// </summary>
    public MediaStatisticsSnapshot? SnapshotStatistics()
    {
        lock (_gate)
        {
            return _statistics is null ? null : MediaStatistics.Combine([.. _earlierStatistics, _statistics]);
        }
    }

    /// <summary>
    /// Completes when the media connection is up (the one expected last: after <see cref="ExpectNextConnection"/>, the
    /// next one); fails when the session closes first.
    /// </summary>
    public Task<MediaConnection> WaitConnectedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _connected.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Lets one more media connection attach after the current one (the calling service was asked to stream again):
    /// it gets a new pipeline, and <see cref="WaitConnectedAsync"/> waits for it. Does nothing while the session still
    /// waits for a connection.
    /// </summary>
    /// <exception cref="InvalidOperationException">The session is closed.</exception>
    public void ExpectNextConnection()
    {
        lock (_gate)
        {
            if (IsClosed)
            {
                throw new InvalidOperationException($"The media session {SessionId:N} is closed.");
            }

            if (_accepting)
            {
                return;
            }

            _accepting = true;
            _connected = new TaskCompletionSource<MediaConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>
    /// Takes back <see cref="ExpectNextConnection"/> when the calling service refused to stream again: no connection is
    /// admitted until the next expectation. Does nothing before the first connection, or when one attached meanwhile.
    /// </summary>
    public void WithdrawExpectation()
    {
        lock (_gate)
        {
            if (_connection is not null)
            {
                _accepting = false;
            }
        }
    }

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
        var connection = new MediaConnection(callId, socket, Video, AudioFormat, _owner.Options, _owner.Time, _owner.LoggerFactory, _owner.Logger, _owner.Metrics, _owner.Clock) { DropMalformedMessages = DropMalformedMessages };
        if (!TryAttach(connection, out var previous))
        {
            if (previous is not null)
            {
                await previous.DisposeAsync().ConfigureAwait(false);
            }

            await connection.DisposeAsync().ConfigureAwait(false);
            MediaSessionLog.Refused(_owner.Logger, SessionId.ToString("N"), "the session closed or connected meanwhile");
            return;
        }

        MediaSessionLog.Connected(_owner.Logger, callId, SessionId);
        if (previous is not null)
        {
            // The stream before this one ended (streaming was stopped): its pipeline drains and its processors flush.
            await previous.DisposeAsync().ConfigureAwait(false);
        }

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
            TaskCompletionSource<MediaConnection> connected;
            lock (_gate)
            {
                connected = _connected;
            }

            connected.TrySetException(new InvalidOperationException($"The media session {SessionId:N} closed before its media connected."));
            _ = connected.Task.Exception;
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

    /// <summary>
    /// Hands over the call's connected media; false when the session is closed or takes no connection now.
    /// <paramref name="previous"/> is the connection it replaces (after <see cref="ExpectNextConnection"/>), for the
    /// caller to dispose.
    /// </summary>
    internal bool TryAttach(MediaConnection connection, out MediaConnection? previous)
    {
        TaskCompletionSource<MediaConnection> connected;
        lock (_gate)
        {
            previous = null;
            if (IsClosed || !_accepting)
            {
                return false;
            }

            previous = Interlocked.Exchange(ref _connection, connection);
            if (previous is not null)
            {
                _earlierStatistics.Add(previous.Statistics);
            }

            _accepting = false;
            Volatile.Write(ref _statistics, connection.Statistics);
            connected = _connected;
        }

        if (IsClosed)
        {
            // Closed while attaching: the close may have missed this connection; the caller disposes it.
            if (Interlocked.CompareExchange(ref _connection, null, connection) == connection)
            {
                return false;
            }
        }

        connected.TrySetResult(connection);
        return true;
    }
}
