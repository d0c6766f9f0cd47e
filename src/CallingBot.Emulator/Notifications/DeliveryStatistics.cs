namespace CallingBot.Emulator.Notifications;

/// <summary>Counters of notification deliveries since the emulator started.</summary>
public sealed class DeliveryStatistics
{
    private long _delivered;
    private long _failed;
    private long _attempts;

    /// <summary>Notifications the bot acknowledged with a 2xx status.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Notifications given up after the last attempt or a non-retryable status.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>HTTP attempts made, retries and redirects included.</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    internal void OnAttempt() => Interlocked.Increment(ref _attempts);

    internal void OnDelivered() => Interlocked.Increment(ref _delivered);

    internal void OnFailed() => Interlocked.Increment(ref _failed);
}
