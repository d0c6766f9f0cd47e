using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Graph.Communications.Calls;
using Microsoft.Graph.Models;

namespace CallingBot.Emulator.Tests.Sdk;

public sealed class SdkIncomingCallTests
{
    [Fact]
    public async Task IncomingCall_AnsweredBySdk_IsEstablishedAndEndsOnRemoteHangUp()
    {
        await using var environment = await TestEnvironment.StartAsync();
        using var bot = SdkBot.Create(environment);
        ICall? incoming = null;
        bot.Calls.OnIncoming += (_, args) =>
        {
            foreach (var call in args.AddedResources)
            {
                incoming = call;
                bot.Run(() => call.AnswerAsync(new ServiceHostedMediaConfig(), [Modality.Audio]));
            }
        };

        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId, FromUserId = TestApps.CallerUserId });

        await Eventually.UntilAsync(() => incoming is not null, "SDK raises OnIncoming");
        await Eventually.WithinAsync(bot.WhenWorkDoneAsync(), "SDK AnswerAsync completes");
        var established = await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Established);
        await Eventually.UntilAsync(() => incoming!.Resource.State == CallState.Established, "SDK sees the call established");
        await environment.Emulator.Control.HangUpAsync(callId);
        await Eventually.UntilAsync(() => bot.Calls.Count == 0, "SDK removes the call after the deleted notification");

        Assert.Equal(callId, incoming!.Id);
        Assert.Equal("incoming", established.Direction);
        Assert.Equal("serviceHosted", established.MediaConfigType);
        Assert.Equal(["audio"], established.ActiveModalities);
        Assert.True(bot.Auth.TokensAcquired > 0);
        var ended = environment.Emulator.Control.GetCall(callId)!;
        Assert.Equal(CallStates.Terminated, ended.State);
        Assert.Equal(4521, ended.ResultSubcode);
    }

    [Fact]
    public async Task IncomingCall_RejectedBySdk_EndsWithDeletedNotification()
    {
        await using var environment = await TestEnvironment.StartAsync();
        using var bot = SdkBot.Create(environment);
        bot.Calls.OnIncoming += (_, args) =>
        {
            foreach (var call in args.AddedResources)
            {
                bot.Run(() => call.RejectAsync(RejectReason.Busy));
            }
        };

        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });

        var ended = await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Terminated);
        await Eventually.UntilAsync(() => bot.Calls.Count == 0, "SDK removes the rejected call");
        await Eventually.WithinAsync(bot.WhenWorkDoneAsync(), "SDK RejectAsync completes");
        Assert.Equal(486, ended.ResultCode);
    }
}
