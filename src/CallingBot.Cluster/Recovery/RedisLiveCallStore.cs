using System.Text.Json;
using System.Text.Json.Serialization;
using CallingBot.Cluster.Configuration;
using CallingBot.Core.Recovery;
using StackExchange.Redis;

namespace CallingBot.Cluster.Recovery;

/// <summary>
/// The live call records of every instance of a clustered service, in the shared Redis, so that the instance taking a
/// call over (after its owner died or handed it over) finds the record its owner kept, handler state included. Each
/// record names the instance that wrote it; a set per instance lists its calls, so the calls of an instance that left
/// the cluster can be walked (<see cref="OrphanedCallSweeper"/>).
/// </summary>
/// <remarks>
/// Keys (prefix <c>callingbot:{ServiceId}:{ClusterId}:live:</c>): <c>call:{callId}</c> a hash (owner, record JSON),
/// <c>owner:{silo}</c> a set of call ids, <c>owners</c> the set of instances with records. A record is written when
/// its call is established, when the handler saves state and when it is handed over; removed when the call ends here.
/// </remarks>
internal sealed class RedisLiveCallStore : ILiveCallStore, IAsyncDisposable
{
    private const string SaveScript = """
        local old = redis.call('HGET', KEYS[1], 'owner')
        redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'record', ARGV[2])
        redis.call('SADD', KEYS[2], ARGV[3])
        redis.call('SADD', KEYS[3], ARGV[1])
        if old and old ~= ARGV[1] then
          redis.call('SREM', ARGV[4] .. old, ARGV[3])
        end
        return 1
        """;

    private const string RemoveScript = """
        local old = redis.call('HGET', KEYS[1], 'owner')
        redis.call('DEL', KEYS[1])
        if old then
          redis.call('SREM', ARGV[1] .. old, ARGV[2])
        end
        return 1
        """;

    private const string ForgetOwnerScript = """
        if redis.call('SCARD', KEYS[1]) == 0 then
          redis.call('SREM', KEYS[2], ARGV[1])
          return 1
        end
        return 0
        """;

    private readonly Func<string> _owner;
    private readonly string _prefix;
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection;

    public RedisLiveCallStore(CallingBotClusterOptions options, Func<string> owner)
    {
        ArgumentNullException.ThrowIfNull(options);
        _owner = owner;
        _prefix = $"callingbot:{options.ServiceId}:{options.ClusterId}:live:";
        var configuration = ConfigurationOptions.Parse(options.RedisConnectionString!);
        configuration.ClientName ??= "callingbot-live-calls";
        configuration.AbortOnConnectFail = false;
        _connection = new Lazy<Task<ConnectionMultiplexer>>(() => ConnectionMultiplexer.ConnectAsync(configuration));
    }

    private string OwnerPrefix => _prefix + "owner:";

    private RedisKey Owners => _prefix + "owners";

    public async ValueTask SaveAsync(LiveCallRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var owner = _owner();
        var json = JsonSerializer.Serialize(record, LiveCallRecordJson.Default.LiveCallRecord);
        var database = await DatabaseAsync().ConfigureAwait(false);
        await database.ScriptEvaluateAsync(
            SaveScript,
            [CallKey(record.CallId), OwnerPrefix + owner, Owners],
            [owner, json, record.CallId, OwnerPrefix]).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask RemoveAsync(string callId, CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync().ConfigureAwait(false);
        await database.ScriptEvaluateAsync(RemoveScript, [CallKey(callId)], [OwnerPrefix, callId]).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<LiveCallRecord?> FindAsync(string callId, CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync().ConfigureAwait(false);
        var json = await database.HashGetAsync(CallKey(callId), "record").WaitAsync(cancellationToken).ConfigureAwait(false);
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)json!, LiveCallRecordJson.Default.LiveCallRecord);
    }

    /// <summary>
    /// The records this instance (this silo, in this process) wrote. A process that starts again is a new member of
    /// the cluster: the calls of its previous life are taken over as any instance's that left (<see cref="OrphanedCallSweeper"/>).
    /// </summary>
    public async ValueTask<IReadOnlyList<LiveCallRecord>> LoadAllAsync(CancellationToken cancellationToken)
    {
        var records = new List<LiveCallRecord>();
        foreach (var callId in await ListCallsAsync(_owner(), cancellationToken).ConfigureAwait(false))
        {
            if (await FindAsync(callId, cancellationToken).ConfigureAwait(false) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>The instances (silo keys) that have records.</summary>
    public async Task<IReadOnlyList<string>> ListOwnersAsync(CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync().ConfigureAwait(false);
        var owners = await database.SetMembersAsync(Owners).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. owners.Select(o => (string)o!)];
    }

    /// <summary>The ids of the calls whose records instance <paramref name="owner"/> wrote last.</summary>
    public async Task<IReadOnlyList<string>> ListCallsAsync(string owner, CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync().ConfigureAwait(false);
        var calls = await database.SetMembersAsync(OwnerPrefix + owner).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. calls.Select(c => (string)c!)];
    }

    /// <summary>Forgets instance <paramref name="owner"/> once it has no record left; true when it was forgotten.</summary>
    public async Task<bool> ForgetOwnerIfEmptyAsync(string owner, CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync().ConfigureAwait(false);
        var result = await database.ScriptEvaluateAsync(ForgetOwnerScript, [OwnerPrefix + owner, Owners], [owner]).WaitAsync(cancellationToken).ConfigureAwait(false);
        return (int)result == 1;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<IDatabase> DatabaseAsync() => (await _connection.Value.ConfigureAwait(false)).GetDatabase();

    private RedisKey CallKey(string callId) => _prefix + "call:" + Normalize(callId);

    /// <summary>Call ids compare case-insensitively everywhere in the bot.</summary>
    private static string Normalize(string callId) => callId.ToLowerInvariant();
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(LiveCallRecord))]
internal sealed partial class LiveCallRecordJson : JsonSerializerContext;
