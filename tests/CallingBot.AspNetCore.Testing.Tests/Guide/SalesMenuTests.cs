using CallingBot.AspNetCore.Testing;
using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;

namespace CallingBot.AspNetCore.Testing.Tests.Guide;

/// <summary>The handler under test: a menu that sends callers who press 1 to sales and says goodbye to the others.</summary>
public sealed class SalesMenuHandler : CallHandler
{
    public static readonly Prompt Menu = Prompt.FromUrl("https://media.contoso.example/menu.wav");
    public static readonly Prompt Goodbye = Prompt.FromUrl("https://media.contoso.example/goodbye.wav");
    public static readonly ParticipantIdentity Sales = ParticipantIdentity.User("0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70", "Sales");

    public override async Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
    {
        await call.PlayPromptAsync(Menu, cancellationToken);
        var key = await call.CollectDigitsAsync(new DigitCollectionOptions { MaxDigits = 1, FirstDigitTimeout = TimeSpan.FromSeconds(8) }, cancellationToken);
        if (key.Digits == "1")
        {
            await call.TransferAsync(Sales, cancellationToken);
            return;
        }

        await call.PlayPromptAsync(Goodbye, cancellationToken);
        await call.HangUpAsync(cancellationToken);
    }
}

public sealed class SalesMenuTests
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    [Fact]
    public async Task CallerPressesOne_IsTransferredToSales()
    {
        await using var bot = await CallingBotTestHost.StartAsync(new CallingBotTestHostOptions
        {
            ConfigureBot = b => b.UseHandler<SalesMenuHandler>(),
        });
        var callId = await bot.CallFromTeamsUserAsync(AliceId, "Alice");
        await bot.Control.WaitForCallAsync(callId, c => c.IsToneSubscribed, "the menu listens for keys");

        await bot.PressKeysAsync(callId, "1");

        await bot.WaitForCallStateAsync(callId, "terminated");
        var timeline = bot.Timeline(callId);
        timeline.AssertPlayedPrompts(SalesMenuHandler.Menu);
        var transfer = timeline.AssertSingleRequest("/transfer");
        Assert.Contains(SalesMenuHandler.Sales.Id, transfer.Body, StringComparison.OrdinalIgnoreCase);
        await bot.WaitForBotAsync(manager => manager.ActiveCallCount == 0, "the bot forgets the call");
    }

    [Fact]
    public async Task CallerPressesNothing_HearsGoodbyeWhenTheMenuTimesOut()
    {
        var clock = new TimerCountingTimeProvider();
        await using var bot = await CallingBotTestHost.StartAsync(new CallingBotTestHostOptions
        {
            ConfigureBot = b => b.UseHandler<SalesMenuHandler>(),
            TimeProvider = clock,
        });
        var callId = await bot.CallFromTeamsUserAsync(AliceId, "Alice");

        // The menu arms its 8 s timeout on its own thread: move the clock once the timer is armed, or it would count from later.
        await Eventually.UntilAsync(() => clock.HasTimerDueIn(TimeSpan.FromSeconds(8)), "the menu waits for a key");
        clock.Advance(TimeSpan.FromSeconds(8));

        await bot.WaitForCallStateAsync(callId, "terminated");
        var timeline = bot.Timeline(callId);
        timeline.AssertPlayedPrompts(SalesMenuHandler.Menu, SalesMenuHandler.Goodbye);
        timeline.AssertNoRequest("/transfer");
        Assert.Single(timeline.Requests(callId), request => request.Method == "DELETE");
    }
}
