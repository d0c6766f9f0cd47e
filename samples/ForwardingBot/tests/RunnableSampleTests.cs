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

        await Eventually.UntilAsync(async () => (await bot.GetTimelineAsync(callId)).EnumerateArray().Any(IsRedirect), "the bot redirects the VIP");
        var redirect = (await bot.GetTimelineAsync(callId)).EnumerateArray().First(IsRedirect);
        Assert.Contains(AssistantFromAppsettings, redirect.GetProperty("body").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain((await bot.GetTimelineAsync(callId)).EnumerateArray(), e => Path(e).EndsWith("/answer", StringComparison.Ordinal));
        Assert.Equal(0, await bot.StopAsync());
    }

    private static bool IsRedirect(System.Text.Json.JsonElement entry) => Path(entry).EndsWith("/redirect", StringComparison.Ordinal);

    private static string Path(System.Text.Json.JsonElement entry) =>
        entry.TryGetProperty("path", out var path) && path.ValueKind == System.Text.Json.JsonValueKind.String ? path.GetString()! : string.Empty;
}
