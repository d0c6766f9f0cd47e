using CallingBot.Testing;

namespace ForwardingBot.Tests;

/// <summary><c>dotnet run --project samples/ForwardingBot/src</c> as the README says: local mode, the rules from appsettings.json.</summary>
public sealed class RunnableSampleTests
{
    private const string VipFromAppsettings = "0b1ee0a1-0000-4000-8000-000000000002";
    private const string AssistantFromAppsettings = "a5515a47-0000-4000-8000-000000000003";

    [Fact]
    public async Task DotnetRun_LocalMode_RedirectsAVipToTheAssistantWithoutAnswering()
    {
        await using var bot = await SampleProcess.StartAsync("ForwardingBot");

        var callId = await bot.PlaceCallAsync(new() { ["fromUserId"] = VipFromAppsettings });

        await Eventually.UntilAsync(async () => (await bot.RequestsAsync(callId, "/redirect")).Count == 1, "the bot redirects the VIP");
        var redirect = (await bot.RequestsAsync(callId, "/redirect"))[0];
        Assert.Contains(AssistantFromAppsettings, redirect.GetProperty("body").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await bot.RequestsAsync(callId, "/answer"));
        Assert.Equal(0, await bot.StopAsync());
    }
}
