using CallingBot.Core.Manager;

namespace CallingBot.Core.Tests.Manager;

public sealed class CallManagerOptionsTests
{
    public static TheoryData<Action<CallManagerOptions>, string> InvalidSettings => new()
    {
        { o => o.DecisionBudget = TimeSpan.Zero, "CallingBot:Calls:DecisionBudget must be greater than 0 and below 15 seconds (got 00:00:00)." },
        { o => o.DecisionBudget = TimeSpan.FromSeconds(15), "CallingBot:Calls:DecisionBudget must be greater than 0 and below 15 seconds (got 00:00:15)." },
        { o => o.PolicyRecordingDecisionBudget = TimeSpan.FromSeconds(5), "CallingBot:Calls:PolicyRecordingDecisionBudget must be greater than 0 and below 5 seconds (got 00:00:05)." },
        { o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(999), "CallingBot:Calls:KeepAliveInterval must be between 1 second and 45 minutes (got 00:00:00.9990000)." },
        { o => o.KeepAliveInterval = TimeSpan.FromMinutes(45), "CallingBot:Calls:KeepAliveInterval must be between 1 second and 45 minutes (got 00:45:00)." },
        { o => o.RecentEventLimit = 0, "CallingBot:Calls:RecentEventLimit must be between 1 and 10000 (got 0)." },
        { o => o.RecentEventLimit = 10_001, "CallingBot:Calls:RecentEventLimit must be between 1 and 10000 (got 10001)." },
        { o => o.MaxConcurrentCalls = 0, "CallingBot:Calls:MaxConcurrentCalls must be at least 1 (got 0)." },
        { o => o.HousekeepingTimeout = TimeSpan.FromSeconds(-1), "CallingBot:Calls:HousekeepingTimeout must be positive (got -00:00:01)." },
        { o => o.HandlerTerminationTimeout = TimeSpan.FromMilliseconds(99), "CallingBot:Calls:HandlerTerminationTimeout must be between 100 milliseconds and 5 minutes (got 00:00:00.0990000)." },
        { o => o.HandlerTerminationTimeout = TimeSpan.FromMinutes(5) + TimeSpan.FromTicks(1), "CallingBot:Calls:HandlerTerminationTimeout must be between 100 milliseconds and 5 minutes (got 00:05:00.0000001)." },
    };

    [Fact]
    public void HandlerTerminationTimeout_Default_TenSeconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), new CallManagerOptions().HandlerTerminationTimeout);
    }

    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        Assert.Empty(new CallManagerOptions().Validate());
    }

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Validate_OneBadSetting_OneMessageNamingIt(Action<CallManagerOptions> configure, string expected)
    {
        var options = new CallManagerOptions();
        configure(options);

        Assert.Equal([expected], options.Validate());
    }

    [Fact]
    public void Validate_EverySettingBad_ReportsEachOnce()
    {
        var options = new CallManagerOptions
        {
            DecisionBudget = TimeSpan.FromSeconds(20),
            PolicyRecordingDecisionBudget = TimeSpan.Zero,
            KeepAliveInterval = TimeSpan.Zero,
            RecentEventLimit = -1,
            MaxConcurrentCalls = -5,
            HousekeepingTimeout = TimeSpan.Zero,
            HandlerTerminationTimeout = TimeSpan.Zero,
        };

        var errors = options.Validate().ToArray();

        Assert.Equal(
            ["DecisionBudget", "PolicyRecordingDecisionBudget", "KeepAliveInterval", "RecentEventLimit", "MaxConcurrentCalls", "HousekeepingTimeout", "HandlerTerminationTimeout"],
            errors.Select(e => e.Split(' ')[0]["CallingBot:Calls:".Length..]));
    }

    [Fact]
    public void Validate_ValuesJustInsideLimits_NoErrors()
    {
        var options = new CallManagerOptions
        {
            DecisionBudget = TimeSpan.FromSeconds(15) - TimeSpan.FromTicks(1),
            PolicyRecordingDecisionBudget = TimeSpan.FromTicks(1),
            KeepAliveInterval = TimeSpan.FromSeconds(1),
            RecentEventLimit = 10_000,
            MaxConcurrentCalls = 1,
            HousekeepingTimeout = TimeSpan.FromTicks(1),
            HandlerTerminationTimeout = TimeSpan.FromMilliseconds(100),
        };

        Assert.Empty(options.Validate());
    }
}
