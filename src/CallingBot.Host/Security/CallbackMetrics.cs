using System.Diagnostics.Metrics;

namespace CallingBot.Host.Security;

/// <summary>Counters of the calling webhook's replay and rate defences (meter <see cref="MeterName"/>).</summary>
public sealed class CallbackMetrics
{
    public const string MeterName = "CallingBot.Callbacks";

    public CallbackMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        Replays = meter.CreateCounter<long>("callingbot.callbacks.replays", description: "Notifications a token presented again after they were processed; answered 202 without processing.");
        Throttled = meter.CreateCounter<long>("callingbot.callbacks.throttled", description: "Requests refused with 429 because their token exceeded MaxRequestsPerToken.");
    }

    public Counter<long> Replays { get; }

    public Counter<long> Throttled { get; }
}
