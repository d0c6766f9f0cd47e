using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Tests.Calls;
using CallingBot.Emulator.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace CallingBot.Emulator.Tests.Notifications;

public sealed class DeliveryTests
{
    [Fact]
    public async Task Delivery_ServerErrorsTwice_IsRetriedUntilAccepted()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var failures = 0;
        environment.Receiver.Intercept = async context =>
        {
            if (Interlocked.Increment(ref failures) <= 2)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.CompleteAsync();
                return true;
            }

            return false;
        };

        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        var entry = await environment.Emulator.Control.WaitForTimelineEntryAsync(callId, e => e.CompletedAt is not null, "a completed delivery");

        Assert.Equal(202, entry.StatusCode);
        Assert.Equal(3, entry.Attempts);
        Assert.Single(environment.Receiver.Received);
    }

    [Fact]
    public async Task Delivery_AlwaysFailing_GivesUpAfterMaxAttempts()
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.MaxDeliveryAttempts = 3);
        environment.Receiver.Intercept = async context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.CompleteAsync();
            return true;
        };

        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        var entry = await environment.Emulator.Control.WaitForTimelineEntryAsync(callId, e => e.CompletedAt is not null, "a given-up delivery");

        Assert.Equal(500, entry.StatusCode);
        Assert.Equal(3, entry.Attempts);
        Assert.Equal(1, environment.Emulator.Control.Statistics.Failed);
    }

    [Fact]
    public async Task Delivery_TemporaryRedirect_IsFollowedWithTheSameBodyAndToken()
    {
        await using var environment = await TestEnvironment.StartAsync();
        environment.Receiver.Intercept = context =>
        {
            if (context.Request.Path == "/api/calling")
            {
                context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                context.Response.Headers.Location = "/api/instance-2/calling";
                return Task.FromResult(true);
            }

            return Task.FromResult(false);
        };

        await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        var received = await environment.WaitForNotificationAsync(_ => true, "redirected notification");

        Assert.Equal("/api/instance-2/calling", received.Path);
        Assert.NotNull(received.BearerToken);
        Assert.Equal("created", received.ChangeType);
    }

    [Fact]
    public async Task Chaos_ReorderEstablishing_SendsEstablishedFirst()
    {
        await using var environment = await TestEnvironment.StartAsync();
        environment.Emulator.Control.DefaultChaos = new ChaosOptions { ReorderEstablishing = true };

        var callId = await RoutingApiTests.AnswerAsync(environment);
        await environment.Emulator.Control.WaitForDeliveriesAsync(callId);

        var states = environment.Receiver.Received.Where(n => n.ChangeType == "updated" && n.State is not null).Select(n => n.State).ToList();
        Assert.Equal(["established", "establishing"], states);
        Assert.Equal(CallStates.Established, environment.Emulator.Control.GetCall(callId)!.State);
    }

    [Fact]
    public async Task Chaos_DuplicateDelivery_SendsEveryNotificationTwice()
    {
        await using var environment = await TestEnvironment.StartAsync();

        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId, Chaos = new ChaosOptions { DuplicateDelivery = true } });
        await environment.Emulator.Control.WaitForDeliveriesAsync(callId);

        Assert.Equal(2, environment.Receiver.Received.Count(n => n.ChangeType == "created"));
    }

    [Fact]
    public async Task Chaos_DeliveryDelay_HoldsNotificationsUntilTimeAdvances()
    {
        var time = new CallingBot.AspNetCore.Testing.TimerCountingTimeProvider(CallingBot.Testing.TestTime.Start);
        await using var environment = await TestEnvironment.StartAsync(time: time);

        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId, Chaos = new ChaosOptions { DeliveryDelay = TimeSpan.FromSeconds(2) } });
        await CallingBot.AspNetCore.Testing.Eventually.UntilAsync(() => time.ArmedTimerCount >= 3, "delivery delay armed (answer, idle and delay timers)");
        var before = environment.Receiver.Received.Count;
        time.Advance(TimeSpan.FromSeconds(2));
        await environment.Emulator.Control.WaitForDeliveriesAsync(callId);

        Assert.Equal(0, before);
        Assert.Single(environment.Receiver.Received);
    }
}
