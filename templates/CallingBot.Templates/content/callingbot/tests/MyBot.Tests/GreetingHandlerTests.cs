using CallingBot.AspNetCore.Testing;
using MyBot;

namespace MyBot.Tests;

/// <summary>
/// The bot end to end: it runs in this process in local mode, with its own Graph calling emulator on free loopback
/// ports; the test rings it as a Teams user, presses keys, and reads what the bot asked the calling service to do from
/// the call's timeline.
/// </summary>
public sealed class GreetingHandlerTests
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private const string Prompts = "https://prompts.test/mybot/";
    private static readonly TimeSpan KeyTimeout = TimeSpan.FromSeconds(7);

    [Fact]
    public async Task Caller_PressesAKey_HearsItReadBackThenGoodbye()
    {
        await using var bot = await StartAsync();

        var callId = await bot.CallFromTeamsUserAsync(AliceId, "Alice");
        await bot.Control.WaitForCallAsync(callId, call => call.IsToneSubscribed, "the bot listens for a key");
        await bot.PressKeysAsync(callId, "5");

        await bot.WaitForCallStateAsync(callId, "terminated");
        bot.Timeline(callId).AssertPlayedPrompts(Prompts + "welcome.wav", Prompts + "key-5.wav", Prompts + "goodbye.wav");
    }

    [Fact]
    public async Task Caller_PressesNoKey_HearsTheNoKeyPromptWhenTheTimeoutPasses()
    {
        // The bot's clock is the test's: the key timeout passes at once. Its length (KeyTimeout below) is one no other
        // timer of the bot uses, so the timer found is the handler's.
        var clock = new TimerCountingTimeProvider();
        await using var bot = await StartAsync(clock);

        var callId = await bot.CallFromTeamsUserAsync(AliceId, "Alice");
        await bot.Control.WaitForCallAsync(callId, call => call.IsToneSubscribed, "the bot listens for a key");
        await Eventually.UntilAsync(() => clock.HasTimerDueIn(KeyTimeout), "the bot waits for a key");
        clock.Advance(KeyTimeout);

        await bot.WaitForCallStateAsync(callId, "terminated");
        bot.Timeline(callId).AssertPlayedPrompts(Prompts + "welcome.wav", Prompts + "no-key.wav", Prompts + "goodbye.wav");
    }

    [Fact]
    public async Task Caller_PressesStar_HearsTheStarPrompt()
    {
        await using var bot = await StartAsync();

        var callId = await bot.CallFromTeamsUserAsync(AliceId, "Alice");
        await bot.Control.WaitForCallAsync(callId, call => call.IsToneSubscribed, "the bot listens for a key");
        await bot.PressKeysAsync(callId, "*");

        await bot.WaitForCallStateAsync(callId, "terminated");
        bot.Timeline(callId).AssertPlayedPrompts(Prompts + "welcome.wav", Prompts + "key-star.wav", Prompts + "goodbye.wav");
        bot.Timeline(callId).AssertSingleRequest("/subscribeToTone");
    }

    /// <summary>The bot as Program.cs builds it (<see cref="MyBotRegistration.AddMyBot"/>), with the test's settings.</summary>
    private static Task<CallingBotTestHost> StartAsync(TimeProvider? clock = null)
    {
        var options = new CallingBotTestHostOptions
        {
            ConfigureBot = bot => bot.AddMyBot(),
            TimeProvider = clock,
        };
        options.Settings["MyBot:PromptBaseUri"] = Prompts;
        options.Settings["MyBot:KeyTimeout"] = KeyTimeout.ToString();
        return CallingBotTestHost.StartAsync(options);
    }
}
