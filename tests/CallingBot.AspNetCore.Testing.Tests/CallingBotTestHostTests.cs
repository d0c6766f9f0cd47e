using System.Net.Sockets;
using CallingBot.Core.Calls;
using CallingBot.Core.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.AspNetCore.Testing.Tests;

public sealed class CallingBotTestHostTests
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    [Fact]
    public async Task CallFromTeamsUserAsync_TheRouterSeesThatUser()
    {
        var router = new RecordingRouter();
        await using var bot = await CallingBotTestHost.StartAsync(router);

        var callId = await bot.CallFromTeamsUserAsync(AliceId, "Alice");

        await bot.WaitForCallStateAsync(callId, "terminated");
        var call = Assert.Single(router.Calls);
        Assert.Equal(IdentityKind.User, call.Caller.Kind);
        Assert.Equal(AliceId, call.Caller.Id, ignoreCase: true);
        Assert.Equal("Alice", call.Caller.DisplayName);
    }

    [Fact]
    public async Task CallFromPhoneAsync_TheRouterSeesThePhoneNumber()
    {
        var router = new RecordingRouter();
        await using var bot = await CallingBotTestHost.StartAsync(router);

        var callId = await bot.CallFromPhoneAsync("+14255550123");

        await bot.WaitForCallStateAsync(callId, "terminated");
        var call = Assert.Single(router.Calls);
        Assert.Equal(IdentityKind.Phone, call.Caller.Kind);
        Assert.Equal("+14255550123", call.Caller.Id);
    }

    [Fact]
    public async Task NoRouter_TheDefaultHandlerAnswers_AndTheCallerHangsUp()
    {
        await using var bot = await CallingBotTestHost.StartAsync();
        var callId = await bot.CallFromTeamsUserAsync(AliceId);
        await bot.WaitForCallStateAsync(callId, "established");
        await bot.WaitForBotAsync(manager => manager.ActiveCallCount == 1, "the bot holds the call");

        await bot.HangUpAsync(callId);

        await bot.WaitForBotAsync(manager => manager.ActiveCallCount == 0, "the bot forgets the call");

        // The bot lets the call go while it handles the deletion; the emulator records the delivery when the bot's
        // answer (202) arrives, which can be a moment later.
        await Eventually.UntilAsync(
            () => bot.Timeline(callId).DeliveredNotifications.Any(e => e.Description?.Contains("deleted", StringComparison.Ordinal) == true),
            "the emulator records the bot's answer to the deletion");
        bot.Timeline(callId).AssertNotified("deleted");
    }

    [Fact]
    public async Task Options_SettingsAndServices_ReachTheBot()
    {
        var options = new CallingBotTestHostOptions
        {
            ConfigureApp = app => app.Services.AddSingleton(new Marker("from the app")),
        };
        options.Settings["CallingBot:Calls:DecisionBudget"] = "00:00:04";

        await using var bot = await CallingBotTestHost.StartAsync(options);

        Assert.Equal("from the app", bot.Services.GetRequiredService<Marker>().Value);
        Assert.Equal("00:00:04", bot.Services.GetRequiredService<IConfiguration>()["CallingBot:Calls:DecisionBudget"]);
        Assert.Equal("127.0.0.1", bot.BaseAddress.Host);
    }

    [Fact]
    public async Task DisposeAsync_StopsTheBotAndTheEmulator()
    {
        var bot = await CallingBotTestHost.StartAsync();
        var addresses = new[] { bot.BaseAddress, bot.Emulator.HttpsBaseAddress };
        foreach (var address in addresses)
        {
            Assert.True(await AcceptsAsync(address), $"{address} listens while the bot runs");
        }

        await bot.DisposeAsync();

        foreach (var address in addresses)
        {
            Assert.False(await AcceptsAsync(address), $"{address} stopped with the bot");
        }
    }

    [Fact]
    public async Task WaitForBotAsync_ConditionNeverHolds_FailsNamingThePhase()
    {
        await using var bot = await CallingBotTestHost.StartAsync();

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => bot.WaitForBotAsync(manager => manager.ActiveCallCount == 1, "a call arrives", TimeSpan.FromMilliseconds(100)));

        Assert.Equal("Phase 'a call arrives' did not complete within 0.1 s.", failure.Message);
    }

    private static async Task<bool> AcceptsAsync(Uri address)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(address.Host, address.Port).WaitAsync(TimeSpan.FromSeconds(10));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private sealed record Marker(string Value);

    private sealed class RecordingRouter : IIncomingCallRouter
    {
        private readonly List<IncomingCallInfo> _calls = [];

        public IReadOnlyList<IncomingCallInfo> Calls
        {
            get
            {
                lock (_calls)
                {
                    return [.. _calls];
                }
            }
        }

        public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken)
        {
            lock (_calls)
            {
                _calls.Add(call);
            }

            return ValueTask.FromResult(CallDecision.Reject());
        }
    }
}
