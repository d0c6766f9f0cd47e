using System.Security.Cryptography;
using System.Text;
using CallingBot.Core.Media;

namespace CallingBot.Graph.Media;

/// <summary>
/// The bot's side of one app-hosted media session: the secret the service must present on the media WebSocket, the
/// call it belongs to once known, and the call's media once the socket is connected. No SDK types.
/// </summary>
public sealed class MediaSessionEntry
{
    private readonly byte[] _token;
    private readonly TaskCompletionSource<ICallMedia> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly MediaSessionRegistry _owner;
    private ICallMedia? _media;
    private string? _callId;
    private int _closed;

    internal MediaSessionEntry(MediaSessionRegistry owner, Guid sessionId, string? callId, bool video, string token)
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

    public bool Video { get; }

    public bool IsConnected => Volatile.Read(ref _media) is not null;

    public bool IsClosed => Volatile.Read(ref _closed) == 1;

    /// <summary>The per-session secret; goes only into the configuration blob.</summary>
    internal string Token { get; }

    /// <summary>Compares a presented token in constant time.</summary>
    public bool VerifyToken(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 256)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[Encoding.UTF8.GetMaxByteCount(presented.Length)];
        var length = Encoding.UTF8.GetBytes(presented, buffer);
        return CryptographicOperations.FixedTimeEquals(buffer[..length], _token);
    }

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

    /// <summary>Hands over the call's connected media; false when the session is closed or already connected.</summary>
    public bool TryAttach(ICallMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        if (IsClosed || Interlocked.CompareExchange(ref _media, media, null) is not null)
        {
            return false;
        }

        if (IsClosed)
        {
            // Closed while attaching: the caller disposes the media it could not hand over.
            Interlocked.CompareExchange(ref _media, null, media);
            return false;
        }

        _connected.TrySetResult(media);
        return true;
    }

    /// <summary>Completes when the media connection is up.</summary>
    public Task<ICallMedia> WaitConnectedAsync(CancellationToken cancellationToken) => _connected.Task.WaitAsync(cancellationToken);

    /// <summary>Leaves the registry, fails waiters and disposes the attached media (closing the socket). Idempotent.</summary>
    public async ValueTask CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        _owner.Remove(this);
        _bound.TrySetCanceled();
        _connected.TrySetException(new InvalidOperationException($"The media session {SessionId:N} closed before its media connected."));
        _ = _connected.Task.Exception;
        if (Interlocked.Exchange(ref _media, null) is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
    }
}
