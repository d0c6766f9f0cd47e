using System.Diagnostics.Metrics;

namespace CallingBot.Host.Callbacks;

/// <summary>Calling webhook instruments, published on the meter <c>CallingBot.Callbacks</c>.</summary>
public sealed class CallbackMetrics : IDisposable
{
    public const string MeterName = "CallingBot.Callbacks";

    private readonly Meter _meter;

    public CallbackMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        DroppedNotifications = _meter.CreateCounter<long>(
            "callingbot.callbacks.dropped",
            description: "Authenticated notification batches answered 202 without being processed, tagged by reason (no-call-in-tenant: the token's tenant has no live call and the batch creates none).");
        Replays = _meter.CreateCounter<long>("callingbot.callbacks.replays", description: "Notifications a token presented again after they were processed; answered 202 without processing.");
        Throttled = _meter.CreateCounter<long>("callingbot.callbacks.throttled", description: "Requests refused with 429 because their token exceeded MaxRequestsPerToken.");
    }

    public Counter<long> DroppedNotifications { get; }

    public Counter<long> Replays { get; }

    public Counter<long> Throttled { get; }

    public void Dispose() => _meter.Dispose();
}
