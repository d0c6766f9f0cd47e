namespace CallingBot.Emulator.Calls;

/// <summary>Optional misbehaviour of the notification stream for one call, to harden bots.</summary>
public sealed class ChaosOptions
{
    /// <summary>Send <c>established</c> before <c>establishing</c> (Graph does not guarantee their order).</summary>
    public bool ReorderEstablishing { get; set; }

    /// <summary>Deliver every notification twice.</summary>
    public bool DuplicateDelivery { get; set; }

    /// <summary>Wait this long (on the emulator's clock) before delivering each notification.</summary>
    public TimeSpan DeliveryDelay { get; set; }

    internal bool IsEmpty => !ReorderEstablishing && !DuplicateDelivery && DeliveryDelay <= TimeSpan.Zero;
}
