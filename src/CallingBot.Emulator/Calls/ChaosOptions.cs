using System.Text.Json.Serialization;
using CallingBot.Emulator.Faults;

namespace CallingBot.Emulator.Calls;

/// <summary>Optional misbehaviour of the notification stream and of Graph requests for one call, to harden bots.</summary>
public sealed class ChaosOptions
{
    /// <summary>Send <c>established</c> before <c>establishing</c> (Graph does not guarantee their order).</summary>
    public bool ReorderEstablishing { get; set; }

    /// <summary>Deliver every notification twice.</summary>
    public bool DuplicateDelivery { get; set; }

    /// <summary>Wait this long (on the emulator's clock) before delivering each notification.</summary>
    public TimeSpan DeliveryDelay { get; set; }

    /// <summary>Throttling, server errors, dropped or slow responses, and failed notification deliveries.</summary>
    public FaultOptions Faults { get; set; } = new();

    [JsonIgnore]
    internal bool IsEmpty => !ReorderEstablishing && !DuplicateDelivery && DeliveryDelay <= TimeSpan.Zero && Faults.IsEmpty;

    /// <summary>Every problem with these options, each naming the setting under <paramref name="prefix"/>.</summary>
    public IReadOnlyList<string> Validate(string prefix)
    {
        var errors = new List<string>();
        if (DeliveryDelay < TimeSpan.Zero || DeliveryDelay > TimeSpan.FromHours(1))
        {
            errors.Add($"{prefix}:DeliveryDelay must be between 0 and 1 hour.");
        }

        if (Faults is null)
        {
            errors.Add($"{prefix}:Faults must not be null.");
        }
        else
        {
            errors.AddRange(Faults.Validate($"{prefix}:Faults"));
        }

        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem, when there is one.</summary>
    internal void EnsureValid(string prefix)
    {
        var errors = Validate(prefix);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
    }
}
