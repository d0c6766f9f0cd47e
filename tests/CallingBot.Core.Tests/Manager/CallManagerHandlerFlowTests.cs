using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Platform;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Testing;

namespace CallingBot.Core.Tests.Manager;

/// <summary>A handler's long OnEstablished flow (an IVR menu) while keys and termination arrive.</summary>
public sealed class CallManagerHandlerFlowTests
{
    private static RecordingHandler MenuHandler(DigitCollectionOptions options)
    {
        var handler = new RecordingHandler();
        handler.Hook = async (entry, call, cancellationToken) =>
        {
            if (entry != "Established")
            {
                return;
            }

            try
            {
                var result = await call.CollectDigitsAsync(options, cancellationToken);
                handler.Record($"Digits:{result.Digits}:{result.Outcome}");
            }
            catch (OperationCanceledException)
            {
                handler.Record("Menu:cancelled");
                throw;
            }
        };
        return handler;
    }

    [Fact]
    public async Task OnEstablishedFlow_KeysPressedWhileItRuns_ReachDigitCollectionBeforeToneCallbacks()
    {
        await using var harness = new CallManagerHarness();
        var handler = MenuHandler(new DigitCollectionOptions { MaxDigits = 3 });
        var call = await harness.ConnectAsync("call-1", handler);
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.SubscribeToTonesAsync)) == 1, "tone subscription");

        call.RaiseTones("123");

        await Eventually.UntilAsync(() => handler.Calls.Count == 5, "digits and tone callbacks");
        Assert.Equal(["Established", "Digits:123:Completed", "Tone:1", "Tone:2", "Tone:3"], handler.Calls);
        Assert.Equal(1, handler.MaxConcurrency);
    }

    [Fact]
    public async Task OnEstablishedFlow_CallTerminatesDuringCollection_CancelledThenOnTerminated()
    {
        await using var harness = new CallManagerHarness();
        var handler = MenuHandler(new DigitCollectionOptions { MaxDigits = 4 });
        var call = await harness.ConnectAsync("call-1", handler);
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.SubscribeToTonesAsync)) == 1, "tone subscription");
        call.RaiseTones("12");

        await harness.EndAsync(call, new CallTermination(0, 5000, "Caller hung up."));

        Assert.Equal(["Established", "Menu:cancelled", "Terminated:0"], handler.Calls);
        Assert.Equal(0, harness.Measurements.Sum("callingbot.handlers.failures"));
        Assert.Equal(0, call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
        Assert.Equal(new CallTermination(0, 5000, "Caller hung up."), harness.SingleRecord("call-1").Termination);
    }

    [Fact]
    public async Task OnEstablishedFlow_VerbHangsWhenCallEnds_VerbCancelled()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler
        {
            Hook = async (entry, call, ct) =>
            {
                if (entry == "Established")
                {
                    await call.PlayPromptAsync(Prompt.FromUrl("https://prompts.example/welcome.wav"), ct);
                }
            },
        };
        harness.Router.Answer(() => handler);
        var call = harness.Platform.NewCall("call-1");
        call.Recorder.Hang(nameof(IPlatformCall.PlayPromptsAsync));
        harness.Platform.RaiseIncoming(call, harness.Info("call-1"));
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.AnswerAsync)) == 1, "answer");
        call.RaiseState(CallState.Established);
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.PlayPromptsAsync)) == 1, "prompt playing");

        await harness.EndAsync(call);

        Assert.True(call.Recorder.OnlyOperation(nameof(IPlatformCall.PlayPromptsAsync)).CancellationToken.IsCancellationRequested);
        Assert.Equal(["Established", "Terminated:200"], handler.Calls);
        Assert.Equal(0, harness.Measurements.Sum("callingbot.handlers.failures"));
    }
}
