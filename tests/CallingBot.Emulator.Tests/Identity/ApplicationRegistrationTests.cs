using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Identity;
using CallingBot.Emulator.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Tests.Identity;

/// <summary>Whoever registers an app id owns its secret and callback: taking over a registered one must be explicit.</summary>
public sealed class ApplicationRegistrationTests
{
    [Fact]
    public async Task PostApplications_AppIdAlreadyRegisteredWithoutReplace_Returns409AndKeepsTheRegistration()
    {
        await using var environment = await TestEnvironment.StartAsync();

        using var response = await environment.Http.PostAsJsonAsync("emulator/applications", new { appId = TestApps.BotAppId, clientSecret = "attacker-secret", callbackUri = "https://attacker.example/api/calling" });
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(409, (int)response.StatusCode);
        Assert.Contains("\"replace\": true", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var app = Assert.Single(environment.Emulator.Control.Applications);
        Assert.Equal(environment.Receiver.CallbackUri, app.CallbackUri);
        Assert.Equal(TestApps.BotSecret, app.ClientSecret);
        Assert.Equal(401, await TokenStatusAsync(environment, "attacker-secret"));
        Assert.Equal(200, await TokenStatusAsync(environment, TestApps.BotSecret));
    }

    [Fact]
    public async Task PostApplications_AppIdAlreadyRegisteredWithReplace_Returns200ReplacesAndLogsAWarning()
    {
        using var logs = new CapturingLoggerProvider();
        await using var environment = await TestEnvironment.StartAsync(loggers: logs);

        using var response = await environment.Http.PostAsJsonAsync("emulator/applications", new { appId = TestApps.BotAppId, clientSecret = "new-secret", callbackUri = "https://bot2.example/api/calling", replace = true });

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(new Uri("https://bot2.example/api/calling"), Assert.Single(environment.Emulator.Control.Applications).CallbackUri);
        Assert.Equal(200, await TokenStatusAsync(environment, "new-secret"));
        Assert.Equal(401, await TokenStatusAsync(environment, TestApps.BotSecret));
        var warning = Assert.Single(logs.Entries, e => e.EventId.Name == "ApplicationReplaced");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(TestApps.BotAppId, warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("new-secret", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostApplications_NewAppId_Returns201WithoutAWarning()
    {
        using var logs = new CapturingLoggerProvider();
        await using var environment = await TestEnvironment.StartAsync(loggers: logs);

        using var response = await environment.Http.PostAsJsonAsync("emulator/applications", new { appId = "0f3c9b8e-11aa-4d5e-9f10-2b3c4d5e6f70", clientSecret = "s", replace = false });

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal(2, environment.Emulator.Control.Applications.Count);
        Assert.DoesNotContain(logs.Entries, e => e.EventId.Name == "ApplicationReplaced");
    }

    [Fact]
    public async Task PostApplications_ReplaceNotABoolean_Returns400()
    {
        await using var environment = await TestEnvironment.StartAsync();

        using var response = await environment.Http.PostAsJsonAsync("emulator/applications", new { appId = TestApps.BotAppId, clientSecret = "s", replace = "yes" });

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(TestApps.BotSecret, Assert.Single(environment.Emulator.Control.Applications).ClientSecret);
    }

    [Fact]
    public async Task ControlRegisterApplication_AppIdAlreadyRegistered_NeedsReplace()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var control = environment.Emulator.Control;

        Assert.Throws<InvalidOperationException>(() => control.RegisterApplication(TestApps.Bot(new Uri("https://other.example/api/calling"))));
        var replaced = control.RegisterApplication(TestApps.Bot(new Uri("https://other.example/api/calling")), replace: true);

        Assert.True(replaced);
        Assert.Equal(new Uri("https://other.example/api/calling"), Assert.Single(control.Applications).CallbackUri);
    }

    [Fact]
    public async Task GraphEmulatorRegisterApplication_OwnerRegistersAgain_ReplacesWithoutAWarning()
    {
        using var logs = new CapturingLoggerProvider();
        await using var environment = await TestEnvironment.StartAsync(loggers: logs);

        environment.Emulator.RegisterApplication(TestApps.Bot(new Uri("https://127.0.0.1:5001/api/calling")));

        Assert.Equal(new Uri("https://127.0.0.1:5001/api/calling"), Assert.Single(environment.Emulator.Control.Applications).CallbackUri);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Single(logs.Entries, e => e.EventId.Name == "ApplicationReplacedByOwner");
    }

    [Fact]
    public void Validate_TwoApplicationsWithTheSameAppId_NamesTheSecond()
    {
        var options = new EmulatorOptions { Applications = [TestApps.Bot(), TestApps.Bot()] };

        var error = Assert.Single(options.Validate());

        Assert.StartsWith("Emulator:Applications:1:AppId", error, StringComparison.Ordinal);
    }

    private static async Task<int> TokenStatusAsync(TestEnvironment environment, string secret)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = TestApps.BotAppId,
            ["client_secret"] = secret,
            ["scope"] = "https://graph.microsoft.com/.default",
        });
        using var response = await environment.Http.PostAsync($"{TestApps.TenantId}/oauth2/v2.0/token", form);
        return (int)response.StatusCode;
    }
}
