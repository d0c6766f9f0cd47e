using System.Text.Json.Serialization;

namespace CallingBot.Emulator.Faults;

/// <summary>
/// Faults injected into Graph requests and notification deliveries, to test a bot's retries. Decisions are drawn
/// from one random sequence per set of options, seeded by <see cref="Seed"/>: the same requests in the same order
/// meet the same faults.
/// </summary>
public sealed class FaultOptions
{
    /// <summary>Most rules accepted in one set.</summary>
    public const int MaxRules = 64;

    /// <summary>Seed of the random sequence; null picks one at random.</summary>
    public int? Seed { get; set; }

    /// <summary>Rules for Graph requests, tried in order; the first that hits a request decides its fate.</summary>
    public List<GraphFault> Requests { get; set; } = [];

    /// <summary>
    /// Chance (0 to 1) that one notification delivery attempt fails as if the bot were unreachable (nothing is sent);
    /// the emulator's delivery retry policy (<see cref="EmulatorOptions.MaxDeliveryAttempts"/>) applies. Default 0.
    /// </summary>
    public double DeliveryFailureProbability { get; set; }

    /// <summary>How many delivery attempts may fail at most; null means no limit.</summary>
    public int? DeliveryFailures { get; set; }

    [JsonIgnore]
    internal bool IsEmpty => Requests.Count == 0 && DeliveryFailureProbability <= 0;

    private FaultInjector? _injector;

    /// <summary>The random sequence and hit counts of these options, made on first use.</summary>
    [JsonIgnore]
    internal FaultInjector Injector
    {
        get
        {
            var injector = Volatile.Read(ref _injector);
            return injector ?? Interlocked.CompareExchange(ref _injector, new FaultInjector(this), null) ?? _injector;
        }
    }

    /// <summary>Every problem with these options, each naming the setting under <paramref name="prefix"/>.</summary>
    public IReadOnlyList<string> Validate(string prefix)
    {
        var errors = new List<string>();
        if (Requests.Count > MaxRules)
        {
            errors.Add($"{prefix}:Requests has {Requests.Count} rules; at most {MaxRules} are accepted.");
        }

        for (var i = 0; i < Requests.Count; i++)
        {
            if (Requests[i] is null)
            {
                errors.Add($"{prefix}:Requests:{i} must not be null.");
                continue;
            }

            errors.AddRange(Requests[i].Validate($"{prefix}:Requests:{i}"));
        }

        if (double.IsNaN(DeliveryFailureProbability) || DeliveryFailureProbability is < 0 or > 1)
        {
            errors.Add($"{prefix}:DeliveryFailureProbability must be between 0 and 1.");
        }

        if (DeliveryFailures is < 1)
        {
            errors.Add($"{prefix}:DeliveryFailures must be at least 1, or null for no limit.");
        }

        return errors;
    }
}
