namespace CallingBot.AspNetCore.Telemetry;

/// <summary>What <see cref="TelemetryServiceCollectionExtensions.AddCallingBotTelemetry"/> turned on, resolved from the settings and the mode.</summary>
/// <param name="Tracing">Spans are recorded and exported.</param>
/// <param name="Metrics">Metrics are collected and exported.</param>
/// <param name="Prometheus"><c>/metrics</c> is served.</param>
internal sealed record TelemetrySetup(bool Tracing, bool Metrics, bool Prometheus);
