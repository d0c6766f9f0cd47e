using CallingBot.AspNetCore.Telemetry;
using CallingBot.Host.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace CallingBot.Host.Tests.Telemetry;

public sealed class TelemetryOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new TelemetryOptionsValidator().Validate(null, new TelemetryOptions()).Succeeded);
    }

    [Fact]
    public void Validate_EverySettingWrong_NamesEachAndShowsNoSecret()
    {
        var options = new TelemetryOptions
        {
            ServiceName = " ",
            TraceSampleRatio = 1.5,
            Otlp = new OtlpExportOptions
            {
                Endpoint = new Uri("collector:4317", UriKind.RelativeOrAbsolute),
                Headers = "=secret-header-value",
                MetricsInterval = TimeSpan.Zero,
            },
            AzureMonitor = new AzureMonitorExportOptions { ConnectionString = "not-a-connection-string-secret" },
        };

        var result = new TelemetryOptionsValidator().Validate(null, options);

        var messages = string.Join("\n", result.Failures!);
        Assert.Contains("CallingBot:Telemetry:ServiceName", messages, StringComparison.Ordinal);
        Assert.Contains("CallingBot:Telemetry:TraceSampleRatio", messages, StringComparison.Ordinal);
        Assert.Contains("CallingBot:Telemetry:Otlp:Endpoint", messages, StringComparison.Ordinal);
        Assert.Contains("CallingBot:Telemetry:Otlp:Headers", messages, StringComparison.Ordinal);
        Assert.Contains("CallingBot:Telemetry:Otlp:MetricsInterval", messages, StringComparison.Ordinal);
        Assert.Contains("CallingBot:Telemetry:AzureMonitor:ConnectionString", messages, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", messages.Replace("a secret", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api-key=abc", true)]
    [InlineData("api-key=abc=def, x-tenant = t1", true)]
    [InlineData("api-key", false)]
    [InlineData("bad name=v", false)]
    public void TryParseHeaders_Pairs_ParsedOrRefused(string headers, bool valid)
    {
        Assert.Equal(valid, TelemetryOptionsValidator.TryParseHeaders(headers, out _));
    }

    [Fact]
    public async Task StartAsync_BadOtlpProtocol_FailsNamingTheSetting()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => BotHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CallingBot:Telemetry:Otlp:Endpoint"] = "http://127.0.0.1:4317",
            ["CallingBot:Telemetry:Otlp:Protocol"] = "Carrier-Pigeon",
        }));

        Assert.Contains(failure.Failures, f => f.Contains("CallingBot:Telemetry:Otlp:Protocol", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_OtlpCollectorAbsent_StartsAndServes()
    {
        // Port 9 (discard) on loopback: nothing listens; exports fail in the background, the bot runs.
        await using var bot = await BotHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CallingBot:Telemetry:Otlp:Endpoint"] = "http://127.0.0.1:9",
            ["CallingBot:Telemetry:Otlp:Headers"] = "api-key=never-logged",
        });
        using var client = bot.CreateClient();

        using var response = await client.GetAsync("/health/ready");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
