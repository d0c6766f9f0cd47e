using CallingBot.Testing;

namespace IvrBot.Tests;

/// <summary><c>dotnet run --project samples/IvrBot/src</c> as the README says: local mode, the menu from appsettings.json.</summary>
public sealed class RunnableSampleTests
{
    [Fact]
    public async Task DotnetRun_LocalMode_AnswersWithTheGreetingAndMenuFromAppsettingsAndFollowsKeys()
    {
        await using var bot = await SampleProcess.StartAsync("IvrBot");
        var callId = await bot.PlaceCallAsync();

        await bot.WaitForCallStateAsync(callId, "established");
        await Eventually.UntilAsync(async () => (await PromptsAsync(bot, callId)).Count == 2, "greeting and menu played");
        Assert.Equal(["https://media.contoso.com/ivr/greeting.wav", "https://media.contoso.com/ivr/menu.wav"], await PromptsAsync(bot, callId));
        await Eventually.UntilAsync(async () => (await bot.WaitForCallStateAsync(callId, "established")).GetProperty("isToneSubscribed").GetBoolean(), "menu listens for keys");
        await bot.PostControlAsync($"emulator/calls/{callId}/keys", new { keys = "1" });
        await Eventually.UntilAsync(async () => (await PromptsAsync(bot, callId)).Contains("https://media.contoso.com/ivr/information.wav"), "key 1 plays the information prompt");

        await bot.PostControlAsync($"emulator/calls/{callId}/hangUp");
        await bot.WaitForCallStateAsync(callId, "terminated");
        Assert.Equal(0, await bot.StopAsync());
    }

    private static async Task<List<string>> PromptsAsync(SampleProcess bot, string callId) =>
        [.. (await bot.GetTimelineAsync(callId)).EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "Request" && e.GetProperty("path").GetString()!.EndsWith("/playPrompt", StringComparison.Ordinal))
            .SelectMany(e => System.Text.Json.JsonDocument.Parse(e.GetProperty("body").GetString()!).RootElement.GetProperty("prompts").EnumerateArray())
            .Select(p => p.GetProperty("mediaInfo").GetProperty("uri").GetString()!)];
}
