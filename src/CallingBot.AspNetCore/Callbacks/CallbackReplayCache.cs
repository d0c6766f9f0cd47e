using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Callbacks;

/// <summary>
/// Remembers, per callback token, the bodies the bot already processed successfully, so a captured token presenting
/// one of them again is not processed twice. A body only counts once its processing succeeded: a retry after a failed
/// delivery is processed. A body the bot answered with content (a participantJoiningResponse) keeps that answer, so
/// a retry gets the same answer without deciding again. Entries are forgotten when their token expires, and at most
/// <see cref="CallbackAuthenticationOptions.ReplayCacheCapacity"/> are kept (the oldest go first). Bodies are kept
/// as 128-bit digests of the token key and the bytes, never as text.
/// </summary>
internal sealed class CallbackReplayCache
{
    private readonly CallbackExpiringMap<UInt128, Delivery> _bodies;
    private readonly CallbackExpiringMap<string, bool> _reportedTokens = new(CallbackTokenRateLimiter.MaxTrackedTokens, StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _skew;

    public CallbackReplayCache(IOptions<CallbackAuthenticationOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _bodies = new CallbackExpiringMap<UInt128, Delivery>(options.Value.ReplayCacheCapacity);
        _skew = options.Value.ClockSkew;
        _time = time;
    }

    /// <summary>Bodies currently remembered (processed or in flight).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _bodies.Count;
            }
        }
    }

    /// <summary>
    /// Looks up <paramref name="body"/> presented with the token <paramref name="tokenKey"/> (which expires at
    /// <paramref name="expiresAt"/>). A fresh body is recorded as in flight until <see cref="Complete"/> or <see cref="Abandon"/>.
    /// </summary>
    public CallbackReplayCheck Begin(string tokenKey, DateTimeOffset expiresAt, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenKey);
        var key = Digest(tokenKey, body);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_bodies.TryGetValue(key, now, out var delivery))
            {
                if (!delivery.Processed)
                {
                    return new CallbackReplayCheck(CallbackReplayVerdict.InFlight, key, false);
                }

                var first = !_reportedTokens.TryGetValue(tokenKey, now, out _);
                if (first)
                {
                    _reportedTokens.Set(tokenKey, true, expiresAt + _skew, now);
                }

                return new CallbackReplayCheck(CallbackReplayVerdict.Replay, key, first, delivery.Response);
            }

            _bodies.Set(key, default, expiresAt + _skew, now);
            return new CallbackReplayCheck(CallbackReplayVerdict.Fresh, key, false);
        }
    }

    /// <summary>
    /// The body was processed successfully and answered with <paramref name="response"/> (JSON, or null for none):
    /// presenting it again with the same token is a replay, answered the same way.
    /// </summary>
    public void Complete(UInt128 key, string? response = null)
    {
        lock (_gate)
        {
            _bodies.TryUpdate(key, new Delivery(true, response), _time.GetUtcNow());
        }
    }

    /// <summary>The body was not processed (an error was answered): the sender's retry will be processed.</summary>
    public void Abandon(UInt128 key)
    {
        lock (_gate)
        {
            _bodies.Remove(key);
        }
    }

    private readonly record struct Delivery(bool Processed, string? Response);

    private static UInt128 Digest(string tokenKey, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(tokenKey));
        hash.AppendData([0]);
        hash.AppendData(body);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }
}
