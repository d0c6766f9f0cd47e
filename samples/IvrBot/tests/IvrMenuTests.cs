using CallingBot.AspNetCore.Testing;
using CallingBot.Core.Calls;
using CallingBot.Emulator.Control;

namespace IvrBot.Tests;

/// <summary>The IVR sample end to end: a caller rings the bot in the emulator and presses keys.</summary>
public sealed class IvrMenuTests
{
    private const string CallerId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private const string OperatorId = "e1d2c3b4-a5f6-4789-8abc-def012345678";
    private static readonly IvrPrompts Prompts = IvrPrompts.At(new Uri("https://media.contoso.example/ivr/"));

    [Fact]
    public async Task Menu_Key1ThenKey0ThenKey3_PlaysInformationRepeatsMenuAndTakesAMessage()
    {
        var voicemail = new InMemoryVoicemailBox();
        await using var bot = await CallingBotTestHost.StartAsync(IvrRouter.Create(Options(), voicemail));
        var callId = await CallTheBotAsync(bot);

        await PressAsync(bot, callId, "1", expectedPrompts: 4);
        await PressAsync(bot, callId, "0", expectedPrompts: 5);
        await bot.Control.PressKeysAsync(callId, "3");

        await bot.Control.WaitForCallStateAsync(callId, "terminated");
        Assert.Equal(
            Uris(Prompts.Greeting, Prompts.Menu, Prompts.Information, Prompts.Menu, Prompts.Menu, Prompts.LeaveMessage, Prompts.MessageSaved),
            bot.Control.PlayedPrompts(callId));
        var message = Assert.Single(voicemail.Messages);
        Assert.Equal(callId, message.CallId);
        Assert.Equal(CallerId, message.Caller!.Id, ignoreCase: true);
        Assert.NotNull(message.Recording.RecordingLocation);
        var record = Assert.Single(bot.Control.Requests(callId, "/recordResponse"));
        Assert.Contains("\"stopTones\":[\"#\"]", record.Body!.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Menu_Key2_TransfersTheCallerToTheOperator()
    {
        await using var bot = await CallingBotTestHost.StartAsync(IvrRouter.Create(Options(), new InMemoryVoicemailBox()));
        var callId = await CallTheBotAsync(bot);

        await bot.Control.PressKeysAsync(callId, "2");

        var ended = await bot.Control.WaitForCallStateAsync(callId, "terminated");
        var transfer = Assert.Single(bot.Control.Requests(callId, "/transfer"));
        Assert.Contains(OperatorId, transfer.Body!, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(ended.ResultCode);
        Assert.Equal(Uris(Prompts.Greeting, Prompts.Menu, Prompts.Transferring), bot.Control.PlayedPrompts(callId));
    }

    [Fact]
    public async Task Menu_InvalidKeys_PlaysTheHintThenHangsUpAfterThreeAttempts()
    {
        await using var bot = await CallingBotTestHost.StartAsync(IvrRouter.Create(Options(), new InMemoryVoicemailBox()));
        var callId = await CallTheBotAsync(bot);

        await PressAsync(bot, callId, "7", expectedPrompts: 4);
        await PressAsync(bot, callId, "#", expectedPrompts: 6);
        await bot.Control.PressKeysAsync(callId, "9");

        await bot.Control.WaitForCallStateAsync(callId, "terminated");
        Assert.Equal(
            Uris(Prompts.Greeting, Prompts.Menu, Prompts.InvalidKey, Prompts.Menu, Prompts.InvalidKey, Prompts.Menu, Prompts.Goodbye),
            bot.Control.PlayedPrompts(callId));
        Assert.Single(bot.Control.Requests(callId, callId), e => e.Method == "DELETE");
    }

    [Fact]
    public async Task Menu_NoKeyPressed_RepromptsOnEachTimeoutThenHangsUp()
    {
        var clock = new TimerCountingTimeProvider(DateTimeOffset.UtcNow);
        var options = Options();
        await using var bot = await CallingBotTestHost.StartAsync(IvrRouter.Create(options, new InMemoryVoicemailBox(), clock), clock);

        // The host's own periodic timers (the dashboard's sampling and sweep) run on the same clock from the start.
        var hostTimers = clock.ArmedTimerCount;
        var callId = await CallTheBotAsync(bot);

        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            // The keep-alive timer and the menu's digit timeout.
            await Eventually.UntilAsync(() => clock.ArmedTimerCount == hostTimers + 2, $"menu {attempt} waits for a key");
            clock.Advance(options.MenuTimeout);
            if (attempt < options.MaxAttempts)
            {
                await Eventually.UntilAsync(() => bot.Control.PlayedPrompts(callId).Count == 2 + (2 * attempt), $"no-input hint {attempt} and menu");
            }
        }

        await bot.Control.WaitForCallStateAsync(callId, "terminated");
        Assert.Equal(
            Uris(Prompts.Greeting, Prompts.Menu, Prompts.NoInput, Prompts.Menu, Prompts.NoInput, Prompts.Menu, Prompts.Goodbye),
            bot.Control.PlayedPrompts(callId));
    }

    [Fact]
    public async Task Menu_CallerHangsUpMidMenu_EndsTheHandlerWithoutMorePrompts()
    {
        await using var bot = await CallingBotTestHost.StartAsync(IvrRouter.Create(Options(), new InMemoryVoicemailBox()));
        var callId = await CallTheBotAsync(bot);

        await bot.Control.HangUpAsync(callId);

        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "bot drops the call");
        Assert.Equal(Uris(Prompts.Greeting, Prompts.Menu), bot.Control.PlayedPrompts(callId));
    }

    private static IvrOptions Options() => new() { Prompts = Prompts, Operator = ParticipantIdentity.User(OperatorId, "Operator") };

    private static string[] Uris(params Prompt[] prompts) => [.. prompts.Select(p => p.Uri.AbsoluteUri)];

    /// <summary>Places the call and waits until the menu listens for keys (tones subscribed after greeting and menu).</summary>
    private static async Task<string> CallTheBotAsync(CallingBotTestHost bot)
    {
        var callId = await bot.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = CallerId, FromDisplayName = "Alice" });
        await bot.Control.WaitForCallAsync(callId, c => c.IsToneSubscribed, "tone subscription");
        Assert.Equal(2, bot.Control.PlayedPrompts(callId).Count);
        return callId;
    }

    private static async Task PressAsync(CallingBotTestHost bot, string callId, string key, int expectedPrompts)
    {
        await bot.Control.PressKeysAsync(callId, key);
        await Eventually.UntilAsync(() => bot.Control.PlayedPrompts(callId).Count == expectedPrompts, $"bot reacts to key {key}");
    }
}
