using CallingBot.Dashboard.Configuration;

namespace CallingBot.Dashboard.Tests.Configuration;

public sealed class DashboardOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new DashboardOptionsValidator().Validate(null, new DashboardOptions()).Succeeded);
    }

    [Fact]
    public void Validate_EverySettingOutOfRange_ReportsEachByName()
    {
        var options = new DashboardOptions
        {
            MaxCalls = 0,
            MaxEventsPerCall = 1,
            ChartMinutes = 2,
            MaxConnections = 0,
            ConnectionQueueCapacity = 1,
            SignInAttemptsPerWindow = 0,
            EndedCallRetention = TimeSpan.Zero,
            HeartbeatInterval = TimeSpan.FromHours(1),
            SessionIdleTimeout = TimeSpan.FromSeconds(1),
            SignInWindow = TimeSpan.Zero,
        };

        var failures = new DashboardOptionsValidator().Validate(null, options).Failures!.ToArray();

        string[] settings = ["MaxCalls", "MaxEventsPerCall", "ChartMinutes", "MaxConnections", "ConnectionQueueCapacity", "SignInAttemptsPerWindow", "EndedCallRetention", "HeartbeatInterval", "SessionIdleTimeout", "SignInWindow"];
        Assert.Equal(settings.Length, failures.Length);
        Assert.All(settings, s => Assert.Contains(failures, f => f.StartsWith($"CallingBot:Dashboard:{s} ", StringComparison.Ordinal)));
    }
}
