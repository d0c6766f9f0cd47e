using CallingBot.AspNetCore.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CallingBot.Host.Tests.Health;

public sealed class ReadinessHealthCheckTests
{
    private readonly FakeLogger<ReadinessHealthCheck> _logger = new();
    private bool _ready;
    private bool _draining;

    [Fact]
    public async Task Probes_StartingThenReadyThenDraining_AnswerEachStateAndLogEachChangeOnce()
    {
        var check = new ReadinessHealthCheck(() => _ready, () => _draining, _logger);

        var starting = await ProbeAsync(check, times: 5);
        _ready = true;
        var ready = await ProbeAsync(check, times: 3);
        _draining = true;
        var draining = await ProbeAsync(check, times: 4);

        Assert.Equal((HealthStatus.Unhealthy, "starting"), starting);
        Assert.Equal((HealthStatus.Healthy, "ready"), ready);
        Assert.Equal((HealthStatus.Unhealthy, "draining"), draining);
        var changes = _logger.Collector.GetSnapshot();
        Assert.Equal(["unknown → starting", "starting → ready", "ready → draining"], changes.Select(r => $"{r.StructuredState!.Single(p => p.Key == "Previous").Value} → {r.StructuredState!.Single(p => p.Key == "State").Value}"));
        Assert.All(changes, r => Assert.Equal(LogLevel.Information, r.Level));
        Assert.All(changes, r => Assert.Equal(3210, r.Id.Id));
    }

    private static async Task<(HealthStatus Status, string? Description)> ProbeAsync(ReadinessHealthCheck check, int times)
    {
        HealthCheckResult result = default;
        for (var i = 0; i < times; i++)
        {
            result = await check.CheckHealthAsync(new HealthCheckContext());
        }

        return (result.Status, result.Description);
    }
}
