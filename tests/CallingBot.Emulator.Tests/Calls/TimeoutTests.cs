using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Emulator.Tests.Calls;

public sealed class TimeoutTests
{
    [Fact]
    public async Task IncomingCall_NotAnsweredIn15Seconds_IsDroppedWith408()
    {
        var time = new FakeTimeProvider(TestTime.Start);
        await using var environment = await TestEnvironment.StartAsync(time: time);
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });

        time.Advance(TimeSpan.FromSeconds(14.9));
        var before = environment.Emulator.Control.GetCall(callId)!;
        time.Advance(TimeSpan.FromSeconds(0.1));
        var ended = await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Terminated);
        var deleted = await environment.WaitForNotificationAsync(n => n.ChangeType == "deleted", "deleted notification after the answer deadline");

        Assert.Equal(CallStates.Incoming, before.State);
        Assert.Equal(408, ended.ResultCode);
        Assert.Equal(10004, ended.ResultSubcode);
        Assert.Equal("terminated", deleted.State);
        Assert.Equal(408, deleted.ResourceData!["resultInfo"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task PolicyRecordingCall_NotAnsweredIn5Seconds_IsDropped()
    {
        var time = new FakeTimeProvider(TestTime.Start);
        await using var environment = await TestEnvironment.StartAsync(time: time);
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId, PolicyRecording = true });

        time.Advance(TimeSpan.FromSeconds(5));
        var ended = await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Terminated);

        Assert.Equal(408, ended.ResultCode);
    }

    [Fact]
    public async Task EstablishedCall_NoRequestFor45Minutes_Ends()
    {
        var time = new FakeTimeProvider(TestTime.Start);
        await using var environment = await TestEnvironment.StartAsync(time: time);
        var callId = await RoutingApiTests.AnswerAsync(environment);

        time.Advance(TimeSpan.FromMinutes(44));
        var (status, _) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/keepAlive", "{}");
        time.Advance(TimeSpan.FromMinutes(44));
        var alive = environment.Emulator.Control.GetCall(callId)!;
        time.Advance(TimeSpan.FromMinutes(1));
        var ended = await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Terminated);

        Assert.Equal(200, status);
        Assert.Equal(CallStates.Established, alive.State);
        Assert.Equal(10005, ended.ResultSubcode);
    }
}
