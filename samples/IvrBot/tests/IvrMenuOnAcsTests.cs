using CallingBot.AspNetCore.Testing;
using CallingBot.Core.Calls;
using CallingBot.Emulator.Acs;

namespace IvrBot.Tests;

/// <summary>
/// The IVR sample's handler, unchanged, on Azure Communication Services: the emulator's Event Grid delivers the
/// IncomingCall event, the bot answers through Call Automation, plays the prompts and listens for keys with continuous
/// DTMF recognition, all on the emulated ACS resource.
/// </summary>
public sealed class IvrMenuOnAcsTests
{
    private const string BotId = "8:acs:ivr-bot";
    private const string CallerId = "8:acs:caller-alice";
    private const string OperatorId = "8:acs:operator-bob";
    private static readonly IvrPrompts Prompts = IvrPrompts.At(new Uri("https://media.contoso.example/ivr/"));

    [Fact]
    public async Task Menu_Key1ThenKey0_PlaysInformationAndRepeatsTheMenu()
    {
        await using var bot = await StartAsync();
        var call = await CallTheBotAsync(bot);

        await PressAsync(bot, call, "1", expectedPrompts: 4);
        await PressAsync(bot, call, "0", expectedPrompts: 5);

        Assert.Equal(Uris(Prompts.Greeting, Prompts.Menu, Prompts.Information, Prompts.Menu, Prompts.Menu), Snapshot(bot, call).PlayedPrompts);
        Assert.Equal(1, bot.Manager.ActiveCallCount);
    }

    [Fact]
    public async Task Menu_Key2_TransfersTheCallerToTheOperator()
    {
        await using var bot = await StartAsync();
        var call = await CallTheBotAsync(bot);

        bot.Emulator.AcsControl.PressKeys(call, "2");

        await Eventually.UntilAsync(() => Snapshot(bot, call).State == "disconnected", "transfer ends the bot's leg");
        var snapshot = Snapshot(bot, call);
        var transfer = Assert.Single(snapshot.ActionBodies, b => b.Contains("\"targetParticipant\"", StringComparison.Ordinal) && snapshot.Actions[snapshot.ActionBodies.ToList().IndexOf(b)] == "transferToParticipant");
        Assert.Contains(OperatorId, transfer, StringComparison.Ordinal);
        Assert.Equal(Uris(Prompts.Greeting, Prompts.Menu, Prompts.Transferring), snapshot.PlayedPrompts);
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "bot drops the transferred call");
    }

    [Fact]
    public async Task Menu_InvalidKeys_PlaysTheHintThenHangsUpAfterThreeAttempts()
    {
        await using var bot = await StartAsync();
        var call = await CallTheBotAsync(bot);

        await PressAsync(bot, call, "7", expectedPrompts: 4);
        await PressAsync(bot, call, "#", expectedPrompts: 6);
        bot.Emulator.AcsControl.PressKeys(call, "9");

        await Eventually.UntilAsync(() => Snapshot(bot, call).State == "disconnected", "bot hangs up");
        Assert.Equal(
            Uris(Prompts.Greeting, Prompts.Menu, Prompts.InvalidKey, Prompts.Menu, Prompts.InvalidKey, Prompts.Menu, Prompts.Goodbye),
            Snapshot(bot, call).PlayedPrompts);
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "bot forgets the call");
    }

    [Fact]
    public async Task Menu_CallerHangsUpMidMenu_EndsTheHandlerWithoutMorePrompts()
    {
        await using var bot = await StartAsync();
        var call = await CallTheBotAsync(bot);

        Assert.True(bot.Emulator.AcsControl.HangUp(call));

        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "bot drops the call");
        Assert.Equal(Uris(Prompts.Greeting, Prompts.Menu), Snapshot(bot, call).PlayedPrompts);
    }

    private static Task<CallingBotTestHost> StartAsync()
    {
        var options = new CallingBotTestHostOptions
        {
            Router = IvrRouter.Create(new IvrOptions { Prompts = Prompts, Operator = ParticipantIdentity.User(OperatorId, "Operator") }, new InMemoryVoicemailBox()),
        };
        options.Settings["CallingBot:Acs:SourceUserId"] = BotId;
        return CallingBotTestHost.StartAsync(options);
    }

    private static AcsCallSnapshot Snapshot(CallingBotTestHost bot, string callConnectionId) =>
        bot.Emulator.AcsControl.FindCall(callConnectionId) ?? throw new InvalidOperationException($"The emulator forgot call connection {callConnectionId}.");

    private static string[] Uris(params Prompt[] prompts) => [.. prompts.Select(p => p.Uri.AbsoluteUri)];

    /// <summary>Rings the bot through Event Grid and waits until the menu listens for keys; returns the call connection id.</summary>
    private static async Task<string> CallTheBotAsync(CallingBotTestHost bot)
    {
        var correlationId = await bot.Emulator.AcsControl.PlaceIncomingCallAsync(CallerId, BotId, "Alice");
        AcsCallSnapshot? call = null;
        await Eventually.UntilAsync(
            () => (call = bot.Emulator.AcsControl.FindByCorrelationId(correlationId)) is { ToneRecognitionActive: true, PlayedPrompts.Count: 2 },
            "answer, greeting, menu and DTMF recognition");
        Assert.Equal(Uris(Prompts.Greeting, Prompts.Menu), call!.PlayedPrompts);
        return call.CallConnectionId;
    }

    private static async Task PressAsync(CallingBotTestHost bot, string call, string key, int expectedPrompts)
    {
        bot.Emulator.AcsControl.PressKeys(call, key);
        await Eventually.UntilAsync(() => Snapshot(bot, call).PlayedPrompts.Count == expectedPrompts, $"bot reacts to key {key}");
    }
}
