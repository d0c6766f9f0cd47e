using System.Diagnostics.Metrics;

namespace CallingBot.AspNetCore.Callbacks;

/// <summary>Calling webhook instruments, published on the meter <c>CallingBot.Callbacks</c>.</summary>
internal sealed class CallbackMetrics : IDisposable
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
        AuthenticationFailures = _meter.CreateCounter<long>(
            "callingbot.callbacks.auth_failures",
            unit: "{request}",
            description: "Callbacks whose bearer token was refused, tagged by reason (a stable code such as missing-token, issuer-not-trusted, expired-token, metadata-unavailable).");
        Duration = _meter.CreateHistogram(
            "callingbot.callbacks.duration",
            unit: "s",
            description: "Time to process a notification request, from the callback's start to its response, tagged by http.response.status_code.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    public Counter<long> DroppedNotifications { get; }

    public Counter<long> Replays { get; }

    public Counter<long> Throttled { get; }

    public Counter<long> AuthenticationFailures { get; }

    public Histogram<double> Duration { get; }

    public void Dispose() => _meter.Dispose();
}
