using CallingBot.Core.Calls;
using CallingBot.Core.Manager;
using CallingBot.Core.Platform;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Testing;

namespace CallingBot.Core.Tests.Manager;

/// <summary>A call's session: its loop starts only when told to, and its termination has one writer.</summary>
public sealed class CallSessionTests
{
    private static readonly AsyncLocal<string?> StartersValue = new();

    [Fact]
    public async Task Start_WorkPostedBefore_NothingRunsUntilStartThenAllInOrder()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = harness.Platform.NewCall("direct-1");
        var session = new CallSession(harness.Manager, call, CallDirection.Outgoing, incoming: null, handler, MediaHosting.ServiceHosted);

        session.Post(new CallStateChanged("direct-1", CallState.Established));
        session.Post(new ToneReceived("direct-1", '5'));

        Assert.False(session.Completion.IsCompleted);
        Assert.Empty(handler.Calls);

        session.Start();

        await Eventually.UntilAsync(() => handler.Calls.Count == 2, "queued events handled");
        Assert.Equal(["Established", "Tone:5"], handler.Calls);
        session.Post(new CallStateChanged("direct-1", CallState.Terminated));
        session.Post(new CallRemoved("direct-1"));
        await Eventually.WithinAsync(session.Completion, "session finished");
        Assert.Equal(["Established", "Tone:5", "Terminated:200"], handler.Calls);
        Assert.Equal(1, call.ReleaseCount);
        Assert.Equal("placed", harness.SingleRecord("direct-1").Outcome);
    }

    [Fact]
    public async Task Start_WhatTheStarterHeldInItsExecutionContext_IsNotCarriedIntoTheLoop()
    {
        await using var harness = new CallManagerHarness();
        var seen = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new RecordingHandler
        {
            Hook = (entry, _, _) =>
            {
                if (entry == "Established")
                {
                    seen.TrySetResult(StartersValue.Value);
                }

                return Task.CompletedTask;
            },
        };
        var call = harness.Platform.NewCall("direct-1");
        var session = new CallSession(harness.Manager, call, CallDirection.Outgoing, incoming: null, handler, MediaHosting.ServiceHosted);

        // As a request's logging scopes and span: the call's loop would keep them for as long as the call lives.
        StartersValue.Value = "the starter's";
        session.Start();
        StartersValue.Value = null;
        session.Post(new CallStateChanged("direct-1", CallState.Established));

        Assert.Null(await Eventually.WithinAsync(seen.Task, "established handled"));
        session.Post(new CallRemoved("direct-1"));
        await Eventually.WithinAsync(session.Completion, "session finished");
    }

    [Fact]
    public async Task Items_CreatedOnFirstUse_SameDictionaryAfterwards()
    {
        await using var harness = new CallManagerHarness();
        var session = new CallSession(harness.Manager, harness.Platform.NewCall("direct-1"), CallDirection.Outgoing, incoming: null, new RecordingHandler(), MediaHosting.ServiceHosted);

        session.Items["key"] = 1;

        Assert.Same(session.Items, session.Items);
        Assert.Equal(1, session.Items["key"]);
    }

    [Fact]
    public void CallLogScope_OneCallIdProperty()
    {
        var scope = new CallLogScope("call-1");

        Assert.Equal([new KeyValuePair<string, object>("CallId", "call-1")], scope.ToArray());
        Assert.Equal(new KeyValuePair<string, object>("CallId", "call-1"), scope[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => scope[1]);
        Assert.Equal("CallId:call-1", scope.ToString());
    }

    [Fact]
    public async Task ToneBuffer_NoKeyYet_NothingToTake_ThenAWaitSeesTheFirstKey()
    {
        var buffer = new ToneBuffer();
        buffer.Clear();

        Assert.False(buffer.TryTake(out _));
        var waiting = buffer.WaitAsync(CancellationToken.None).AsTask();
        buffer.Add('3');

        Assert.True(await Eventually.WithinAsync(waiting, "the wait"));
        Assert.True(buffer.TryTake(out var key));
        Assert.Equal('3', key);
    }

    [Fact]
    public async Task Termination_HandlerHangsUpThenThrows_RecordedAsNormalNotHandlerFailed()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler
        {
            Hook = async (entry, call, token) =>
            {
                if (entry == "Established")
                {
                    await call.HangUpAsync(token);
                    throw new InvalidOperationException("after hanging up");
                }
            },
        };
        var call = await harness.ConnectAsync("call-1", handler);
        await Eventually.UntilAsync(() => harness.Logger.WithEvent("HandlerFailed").Count == 1, "handler failure logged");

        await harness.EndAsync(call);

        Assert.Equal(CallTermination.Normal, harness.SingleRecord("call-1").Termination);
        Assert.Equal(CallTermination.Normal, handler.Termination);
    }

    [Fact]
    public async Task Termination_ServiceEndsTheCallWhileTheHandlerIsBusyAndItThenThrows_ServiceReasonWins()
    {
        await using var harness = new CallManagerHarness();
        var serviceReason = new CallTermination(480, 5001, "The caller hung up.");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new RecordingHandler
        {
            Hook = async (entry, _, _) =>
            {
                if (entry == "Established")
                {
                    await release.Task;
                    throw new InvalidOperationException("ignores cancellation");
                }
            },
        };
        var call = await harness.ConnectAsync("call-1", handler);
        var removed = harness.Manager.WhenRemovedAsync("call-1");

        call.RaiseEnded(serviceReason);
        await Eventually.UntilAsync(() => harness.Manager.FindCall("call-1")!.CallEnded.IsCancellationRequested, "call ended at once");
        release.SetResult();

        await Eventually.WithinAsync(removed, "removal");
        Assert.Equal(serviceReason, harness.SingleRecord("call-1").Termination);
        Assert.Equal(serviceReason, handler.Termination);
    }}
