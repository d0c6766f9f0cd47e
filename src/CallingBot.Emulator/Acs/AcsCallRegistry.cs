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

    private const int MaxEndedCalls = 1000;

    /// <summary>Told the id of an ended call connection the registry forgets (its media stream goes with it).</summary>
    public Action<string>? Evicted { get; set; }

    private readonly Dictionary<string, AcsIncomingCall> _incoming = new(StringComparer.Ordinal);
    private readonly Queue<AcsCallConnection> _ended = new();

    public AcsCallConnection Add(JsonObject request, bool preview)
    {
        var id = Guid.NewGuid().ToString();
        var call = new AcsCallConnection(id, ServerCallIdFor(id), Guid.NewGuid().ToString(), request, time.GetUtcNow()) { PreviewShape = preview };
        lock (_gate)
        {
            _calls[id] = call;
        }

        return call;
    }

    public static string ServerCallIdFor(string id) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"https://emulator/conversations/{id}")).TrimEnd('=');

    /// <summary>Keeps an incoming call until the bot answers, rejects or redirects it.</summary>
    public void Ring(AcsIncomingCall call)
    {
        lock (_gate)
        {
            _incoming[call.IncomingCallContext] = call;
        }
    }

    /// <summary>Takes the ringing call out of the store: null when unknown or already decided.</summary>
    public AcsIncomingCall? TakeRinging(string incomingCallContext)
    {
        lock (_gate)
        {
            return _incoming.Remove(incomingCallContext, out var call) ? call : null;
        }
    }

    /// <summary>Connects the answered incoming call: the request carries the bot's callbackUri and operationContext.</summary>
    public AcsCallConnection AddAnswered(AcsIncomingCall incoming, JsonObject request)
    {
        var id = Guid.NewGuid().ToString();
        var call = new AcsCallConnection(id, incoming.ServerCallId, incoming.CorrelationId, request, time.GetUtcNow()) { Direction = "inbound" };
        lock (_gate)
        {
            _calls[id] = call;
        }

        return call;
    }

    /// <summary>The live (else the last ended) call connection of the call with <paramref name="correlationId"/>, if any.</summary>
    public AcsCallConnection? FindByCorrelationId(string correlationId)
    {
        lock (_gate)
        {
            return _calls.Values.FirstOrDefault(c => string.Equals(c.CorrelationId, correlationId, StringComparison.OrdinalIgnoreCase))
                ?? _ended.LastOrDefault(c => string.Equals(c.CorrelationId, correlationId, StringComparison.OrdinalIgnoreCase));
        }
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
            if (!_calls.Remove(id, out var call))
            {
                return null;
            }

            // Ended calls stay visible to the control API (what the bot did), the oldest forgotten first.
            _ended.Enqueue(call);
            while (_ended.Count > MaxEndedCalls)
            {
                Evicted?.Invoke(_ended.Dequeue().Id);
            }

            return call;
        }
    }

    /// <summary>A live or recently ended call connection.</summary>
    public AcsCallConnection? FindAny(string id)
    {
        lock (_gate)
        {
            return _calls.GetValueOrDefault(id) ?? _ended.LastOrDefault(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase));
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
                properties["correlationId"] = call.CorrelationId;
                properties["direction"] = call.Direction;
                lock (call.DeliveredEvents)
                {
                    properties["deliveredEvents"] = new JsonArray([.. call.DeliveredEvents.Select(e => (JsonNode?)e)]);
                }

                lock (call)
                {
                    properties["playedPrompts"] = new JsonArray([.. call.PlayedPrompts.Select(e => (JsonNode?)e)]);
                    properties["actions"] = new JsonArray([.. call.Actions.Select(a => (JsonNode?)a.Action)]);
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
