namespace CallingBot.Host.Tests.Telemetry;

/// <summary>
/// Tests that read process-wide telemetry (OpenTelemetry listens to every meter and activity source of a name in the
/// process) run alone, so counts from other tests' calls do not mix in.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}
