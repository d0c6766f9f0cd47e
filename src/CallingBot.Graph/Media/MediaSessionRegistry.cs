using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace CallingBot.Graph.Media;

/// <summary>
/// Every open app-hosted media session of this instance, by session id (what the media WebSocket URL carries) and by
/// call id: the owner of the media objects, not a record of calls. Whether a call is live or ended is the
/// <see cref="Core.Registry.ICallRegistry"/>'s answer; a session closes when its call leaves the call manager.
/// Disposing closes them all.
/// </summary>
public sealed class MediaSessionRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, MediaSessionEntry> _sessions = new();
    private readonly ConcurrentDictionary<string, MediaSessionEntry> _calls = new(StringComparer.OrdinalIgnoreCase);

    public int Count => _sessions.Count;

    /// <summary>Opens a session with a new id and a new random secret.</summary>
    public MediaSessionEntry Open(string? callId, bool video)
    {
        var token = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var entry = new MediaSessionEntry(this, Guid.NewGuid(), callId, video, token);
        _sessions[entry.SessionId] = entry;
        if (callId is not null)
        {
            IndexCall(entry, callId);
        }

        return entry;
    }

    public MediaSessionEntry? Find(Guid sessionId) => _sessions.GetValueOrDefault(sessionId);

    public MediaSessionEntry? FindByCall(string callId) => _calls.GetValueOrDefault(callId);

    public async ValueTask DisposeAsync()
    {
        foreach (var entry in _sessions.Values)
        {
            await entry.CloseAsync().ConfigureAwait(false);
        }
    }

    internal void IndexCall(MediaSessionEntry entry, string callId) => _calls[callId] = entry;

    internal void Remove(MediaSessionEntry entry)
    {
        _sessions.TryRemove(new KeyValuePair<Guid, MediaSessionEntry>(entry.SessionId, entry));
        if (entry.CallId is { } callId)
        {
            _calls.TryRemove(new KeyValuePair<string, MediaSessionEntry>(callId, entry));
        }
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
