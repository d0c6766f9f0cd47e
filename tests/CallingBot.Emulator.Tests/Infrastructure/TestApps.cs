using CallingBot.Emulator.Identity;

namespace CallingBot.Emulator.Tests.Infrastructure;

/// <summary>Identifiers shared by the tests.</summary>
public static class TestApps
{
    public const string TenantId = "1f0e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
    public const string BotAppId = "3a9c1e57-6b2d-4f80-9e14-7c5d2b8a0f36";
    public const string BotSecret = "test-bot-secret";
    public const string CallerUserId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    public static EmulatedApplication Bot(Uri? callbackUri = null, List<string>? permissions = null) => new()
    {
        AppId = BotAppId,
        DisplayName = "Test Bot",
        ClientSecret = BotSecret,
        TenantId = TenantId,
        CallbackUri = callbackUri,
        Permissions = permissions,
    };
}
