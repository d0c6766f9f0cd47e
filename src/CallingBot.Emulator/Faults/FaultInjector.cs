namespace CallingBot.Emulator.Faults;

/// <summary>
/// Decides, for one set of <see cref="FaultOptions"/>, which requests and delivery attempts fail. Thread-safe; every
/// decision draws from one seeded sequence under a lock, so the same order of requests meets the same faults.
/// </summary>
internal sealed class FaultInjector
{
    private readonly FaultOptions _options;
    private readonly Random _random;
    private readonly int[] _hits;
    private readonly Lock _gate = new();
    private int _deliveryFailures;

    public FaultInjector(FaultOptions options)
    {
        _options = options;
        _random = options.Seed is { } seed ? new Random(seed) : new Random();
        _hits = new int[options.Requests.Count];
    }

    /// <summary>The fault for a request to <paramref name="operation"/>, or null to process it normally.</summary>
    public FaultDecision? ForRequest(string operation)
    {
        var rules = _options.Requests;
        if (rules.Count == 0)
        {
            return null;
        }

        lock (_gate)
        {
            for (var i = 0; i < rules.Count && i < _hits.Length; i++)
            {
                var rule = rules[i];
                if (rule.Times is { } times && _hits[i] >= times)
                {
                    continue;
                }

                if (rule.Operations.Count > 0 && !rule.Operations.Contains(operation, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (rule.Probability < 1 && _random.NextDouble() >= rule.Probability)
                {
                    continue;
                }

                _hits[i]++;
                int? status = rule.Statuses.Count > 0 ? rule.Statuses[rule.Statuses.Count == 1 ? 0 : _random.Next(rule.Statuses.Count)] : null;
                return new FaultDecision(i, rule.Delay, rule.Drop, status, status is null ? null : rule.RetryAfter);
            }
        }

        return null;
    }

    /// <summary>Whether the next notification delivery attempt fails.</summary>
    public bool FailDelivery()
    {
        if (_options.DeliveryFailureProbability <= 0)
        {
            return false;
        }

        lock (_gate)
        {
            if (_options.DeliveryFailures is { } limit && _deliveryFailures >= limit)
            {
                return false;
            }

            if (_options.DeliveryFailureProbability < 1 && _random.NextDouble() >= _options.DeliveryFailureProbability)
            {
                return false;
            }

            _deliveryFailures++;
            return true;
        }
    }
}
