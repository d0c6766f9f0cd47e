using CallingBot.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CallingBot.Host.Tests.Hosting;

public sealed class StartupValidationTests
{
    [Fact]
    public async Task CreateAsync_RealModeWithBadSettings_FailsNamingEachSetting()
    {
        var app = await CallingBotApplication.CreateAsync(["--urls", "https://127.0.0.1:0"], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CallingBot:Mode"] = "Real",
            ["CallingBot:Graph:AppId"] = "not-a-guid",
            ["CallingBot:Graph:CallbackUrl"] = "http://bot.contoso.com/api/calling",
            ["CallingBot:Calls:DecisionBudget"] = "00:00:20",
            ["CallingBot:Logging:MinimumLevel"] = "Fatal",
        }));
        await using var _ = app;

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        var messages = string.Join("\n", failure.Failures);
        Assert.Contains("CallingBot:Graph:AppId", messages, StringComparison.Ordinal);
        Assert.Contains("CallingBot:Graph:TenantId", messages, StringComparison.Ordinal);
        Assert.Contains("set one credential", messages, StringComparison.Ordinal);
        Assert.Contains("CallingBot:Graph:CallbackUrl must be an absolute https URL", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_RealModeWithoutCallbackUrl_FailsNamingTheCallbackUrl()
    {
        var app = await CallingBotApplication.CreateAsync(["--urls", "https://127.0.0.1:0"], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CallingBot:Graph:AppId"] = "2a3b4c5d-0000-4000-8000-000000000001",
            ["CallingBot:Graph:TenantId"] = "2a3b4c5d-0000-4000-8000-000000000002",
            ["CallingBot:Graph:ClientSecret"] = "a-secret",
            ["CallingBot:Logging:MinimumLevel"] = "Fatal",
        }));
        await using var _ = app;

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(failure.Failures, f => f.StartsWith("CallingBot:Graph:CallbackUrl is required in real mode", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_InvalidCallManagerSetting_FailsNamingTheSetting()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => CallingBot.Host.Tests.Infrastructure.BotHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CallingBot:Calls:KeepAliveInterval"] = "01:00:00",
        }));

        Assert.Contains(failure.Failures, f => f.StartsWith("CallingBot:Calls:KeepAliveInterval", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_InvalidDrainSettings_FailsNamingEachSetting()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => CallingBot.Host.Tests.Infrastructure.BotHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CallingBot:DrainTimeout"] = "-00:00:01",
            ["CallingBot:DrainHangUpTimeout"] = "00:00:00",
        }));

        Assert.Contains(failure.Failures, f => f.StartsWith("CallingBot:DrainTimeout must be between 0 and 1 hour", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("CallingBot:DrainHangUpTimeout must be between 1 second and 5 minutes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_InvalidHistorySettings_FailsNamingEachSettingWithoutTheSecrets()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => CallingBot.Host.Tests.Infrastructure.BotHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CallingBot:History:Store"] = "PostgreSql",
            ["CallingBot:History:PostgreSql:ConnectionString"] = "Host=db;Password=never-shown;Nonsense=1",
            ["CallingBot:History:RetentionDays"] = "-1",
            ["CallingBot:History:Masking:Mode"] = "Hash",
        }));

        Assert.Contains(failure.Failures, f => f.StartsWith("CallingBot:History:PostgreSql:ConnectionString is not a valid", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("CallingBot:History:RetentionDays", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("CallingBot:History:Masking:HashKey is required", StringComparison.Ordinal));
        Assert.DoesNotContain(failure.Failures, f => f.Contains("never-shown", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_NegativeEmulatorMaxEndedCalls_FailsNamingTheSetting()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => CallingBot.Host.Tests.Infrastructure.BotHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CallingBot:Local:EmulatorMaxEndedCalls"] = "-1",
        }));

        var message = Assert.Single(failure.Failures);
        Assert.StartsWith("CallingBot:Local:EmulatorMaxEndedCalls must be between 0 and 100000", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HostMode.Auto, null, HostMode.Local)]
    [InlineData(HostMode.Auto, "", HostMode.Local)]
    [InlineData(HostMode.Auto, "2a3b4c5d-0000-4000-8000-000000000001", HostMode.Real)]
    [InlineData(HostMode.Local, "2a3b4c5d-0000-4000-8000-000000000001", HostMode.Local)]
    [InlineData(HostMode.Real, null, HostMode.Real)]
    public void ResolveMode_ConfiguredModeAndAppId_PicksTheExpectedMode(HostMode configured, string? appId, HostMode expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["CallingBot:Graph:AppId"] = appId }).Build();

        Assert.Equal(expected, CallingBotApplication.ResolveMode(configured, configuration));
    }
}
