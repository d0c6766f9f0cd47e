using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Acs;

/// <summary>
/// The emulated call connections and the repeatability store: a Repeatability-Request-ID seen within the window
/// gets the response of its first execution back instead of running again.
/// </summary>
internal sealed class AcsCallRegistry(AcsEmulatorOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AcsCallConnection> _calls = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (AcsResult Result, DateTimeOffset Expires)> _repeatable = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Runs <paramref name="execute"/> unless <paramref name="requestId"/> was seen within the window, in which case
    /// the stored result is returned and <c>replayed</c> is true. One request id runs at most once, even concurrently.
    /// </summary>
    public (AcsResult Result, bool Replayed) RunOnce(string? requestId, Func<AcsResult> execute)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            foreach (var expired in _repeatable.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList())
            {
                _repeatable.Remove(expired);
            }

            if (requestId is not null && _repeatable.TryGetValue(requestId, out var stored))
            {
                return (stored.Result, true);
            }

            var result = execute();
            if (requestId is not null)
            {
                _repeatable[requestId] = (result, now + options.RepeatabilityWindow);
            }

            return (result, false);
        }
    }

    public AcsCallConnection Add(JsonObject request)
    {
        var id = Guid.NewGuid().ToString();
        var serverCallId = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"https://emulator/conversations/{id}")).TrimEnd('=');
        var call = new AcsCallConnection(id, serverCallId, Guid.NewGuid().ToString(), request, time.GetUtcNow());
        lock (_gate)
        {
            _calls[id] = call;
        }

        return call;
    }

    public AcsCallConnection? Find(string id)
    {
        lock (_gate)
        {
            return _calls.GetValueOrDefault(id);
        }
    }

    public AcsCallConnection? Remove(string id)
    {
        lock (_gate)
        {
            return _calls.Remove(id, out var call) ? call : null;
        }
    }

    /// <summary>Control view: every live call with its state and delivered events.</summary>
    public JsonArray Describe()
    {
        lock (_gate)
        {
            var list = new JsonArray();
            foreach (var call in _calls.Values.OrderBy(c => c.Created))
            {
                var properties = call.ToProperties();
                lock (call.DeliveredEvents)
                {
                    properties["deliveredEvents"] = new JsonArray([.. call.DeliveredEvents.Select(e => (JsonNode?)e)]);
                }

                list.Add(properties);
            }

            return list;
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _calls.Count;
            }
        }
    }
}
