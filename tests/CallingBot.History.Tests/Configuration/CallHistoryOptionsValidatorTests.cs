using CallingBot.History.Configuration;

namespace CallingBot.History.Tests.Configuration;

public sealed class CallHistoryOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new CallHistoryOptionsValidator().Validate(null, new CallHistoryOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("RetentionDays", "CallingBot:History:RetentionDays")]
    [InlineData("PurgeInterval", "CallingBot:History:PurgeInterval")]
    [InlineData("QueueCapacity", "CallingBot:History:QueueCapacity")]
    [InlineData("BatchSize", "CallingBot:History:BatchSize")]
    [InlineData("RetryInterval", "CallingBot:History:RetryInterval")]
    [InlineData("CommandTimeout", "CallingBot:History:CommandTimeout")]
    [InlineData("MemoryCapacity", "CallingBot:History:MemoryCapacity")]
    [InlineData("SqlitePath", "CallingBot:History:Sqlite:Path")]
    [InlineData("HashKey", "CallingBot:History:Masking:HashKey")]
    public void Validate_OneBadSetting_NamesIt(string bad, string setting)
    {
        var options = new CallHistoryOptions();
        switch (bad)
        {
            case "RetentionDays": options.RetentionDays = -1; break;
            case "PurgeInterval": options.PurgeInterval = TimeSpan.FromSeconds(1); break;
            case "QueueCapacity": options.QueueCapacity = 0; break;
            case "BatchSize": options.BatchSize = 5000; break;
            case "RetryInterval": options.RetryInterval = TimeSpan.Zero; break;
            case "CommandTimeout": options.CommandTimeout = TimeSpan.FromHours(1); break;
            case "MemoryCapacity": options.MemoryCapacity = 0; break;
            case "SqlitePath": options.Sqlite.Path = " "; break;
            case "HashKey": options.Masking.HashKey = "short"; break;
        }

        var errors = CallHistoryOptionsValidator.Errors(options).ToArray();

        var error = Assert.Single(errors);
        Assert.StartsWith(setting + " ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PostgreSqlWithoutConnectionString_NamesTheSetting()
    {
        var options = new CallHistoryOptions { Store = CallHistoryStoreKind.PostgreSql };

        var error = Assert.Single(CallHistoryOptionsValidator.Errors(options));

        Assert.StartsWith("CallingBot:History:PostgreSql:ConnectionString is required", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MalformedConnectionString_NamesTheSettingWithoutShowingIt()
    {
        var options = new CallHistoryOptions { Store = CallHistoryStoreKind.PostgreSql };
        options.PostgreSql.ConnectionString = "Host=db;Password=hunter2-secret;Bogus Keyword=1";

        var error = Assert.Single(CallHistoryOptionsValidator.Errors(options));

        Assert.StartsWith("CallingBot:History:PostgreSql:ConnectionString is not a valid", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HashModeWithoutKey_RequiresTheKey()
    {
        var options = new CallHistoryOptions();
        options.Masking.Mode = HistoryMaskingMode.Hash;

        var error = Assert.Single(CallHistoryOptionsValidator.Errors(options));

        Assert.StartsWith("CallingBot:History:Masking:HashKey is required", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralBadSettings_ReportsEveryOne()
    {
        var options = new CallHistoryOptions { QueueCapacity = 0, BatchSize = 0, RetentionDays = 40_000 };

        Assert.Equal(3, CallHistoryOptionsValidator.Errors(options).Count());
    }
}
