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
        await Eventually.UntilAsync(async () => (await bot.PlayedPromptsAsync(callId)).Count == 2, "greeting and menu played");
        Assert.Equal(["https://media.contoso.com/ivr/greeting.wav", "https://media.contoso.com/ivr/menu.wav"], await bot.PlayedPromptsAsync(callId));
        await Eventually.UntilAsync(async () => (await bot.WaitForCallStateAsync(callId, "established")).GetProperty("isToneSubscribed").GetBoolean(), "menu listens for keys");
        await bot.PostControlAsync($"emulator/calls/{callId}/keys", new { keys = "1" });
        await Eventually.UntilAsync(async () => (await bot.PlayedPromptsAsync(callId)).Contains("https://media.contoso.com/ivr/information.wav"), "key 1 plays the information prompt");

        await bot.PostControlAsync($"emulator/calls/{callId}/hangUp");
        await bot.WaitForCallStateAsync(callId, "terminated");
        Assert.Equal(0, await bot.StopAsync());
    }
}
