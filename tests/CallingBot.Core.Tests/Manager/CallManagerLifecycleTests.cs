using System.Collections.Concurrent;
using CallingBot.Core.Calls;
using CallingBot.Core.Manager;
using CallingBot.Core.Platform;
using CallingBot.Core.Routing;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Testing;

namespace CallingBot.Core.Tests.Manager;

public sealed class CallManagerLifecycleTests
{
    [Fact]
    public async Task KeepAlive_WhileEstablished_SentEveryIntervalAndStoppedAfterTermination()
    {
        await using var harness = new CallManagerHarness(o => o.KeepAliveInterval = TimeSpan.FromMinutes(20));
        var call = await harness.ConnectAsync("call-1", new RecordingHandler());
        const string keepAlive = nameof(IPlatformCall.KeepAliveAsync);

        harness.Time.Advance(TimeSpan.FromMinutes(20) - TimeSpan.FromTicks(1));
        Assert.Equal(0, call.Recorder.Count(keepAlive));
        harness.Time.Advance(TimeSpan.FromTicks(1));
        await Eventually.UntilAsync(() => call.Recorder.Count(keepAlive) == 1, "first keepAlive");
        harness.Time.Advance(TimeSpan.FromMinutes(20));
        await Eventually.UntilAsync(() => call.Recorder.Count(keepAlive) == 2, "second keepAlive");

        await harness.EndAsync(call);
        harness.Time.Advance(TimeSpan.FromMinutes(60));

        Assert.Equal(2, call.Recorder.Count(keepAlive));
    }

    [Fact]
    public async Task KeepAlive_BeforeEstablished_NotSent()
    {
        await using var harness = new CallManagerHarness();
        var call = await harness.PlaceAsync("out-1", new RecordingHandler());

        harness.Time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(0, call.Recorder.Count(nameof(IPlatformCall.KeepAliveAsync)));
    }

    [Fact]
    public async Task KeepAlive_Fails_LoggedAndNextOneStillSent()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        harness.Router.Answer(() => handler);
        var call = harness.Platform.NewCall("call-1");
        call.Recorder.Fail(nameof(IPlatformCall.KeepAliveAsync), new HttpRequestException("503"));
        harness.Platform.RaiseIncoming(call, harness.Info("call-1"));
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.AnswerAsync)) == 1, "answer");
        call.RaiseState(CallState.Established);
        await Eventually.UntilAsync(() => handler.Calls.Count == 1, "established");

        harness.Time.Advance(harness.Options.KeepAliveInterval);
        await Eventually.UntilAsync(() => harness.Logger.WithEvent("KeepAliveFailed").Count == 1, "first failure logged");
        harness.Time.Advance(harness.Options.KeepAliveInterval);

        await Eventually.UntilAsync(() => harness.Logger.WithEvent("KeepAliveFailed").Count == 2, "second failure logged");
        Assert.Equal(2, call.Recorder.Count(nameof(IPlatformCall.KeepAliveAsync)));
        Assert.Equal(0, call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
    }

    [Fact]
    public async Task DrainAsync_CallsEndBeforeTimeout_CompletesWithoutHangingUp()
    {
        await using var harness = new CallManagerHarness();
        var call1 = await harness.ConnectAsync("call-1", new RecordingHandler());
        var call2 = await harness.ConnectAsync("call-2", new RecordingHandler());

        var drain = harness.Manager.DrainAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        await harness.EndAsync(call1);
        Assert.False(drain.IsCompleted);
        await harness.EndAsync(call2);

        await Eventually.WithinAsync(drain, "drain");
        Assert.Equal(0, call1.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
        Assert.Equal(0, call2.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
        Assert.Empty(harness.Logger.WithEvent("DrainTimeout"));
    }

    [Fact]
    public async Task DrainAsync_TimeoutExpires_HangsUpRemainingCalls()
    {
        await using var harness = new CallManagerHarness();
        var ended = await harness.ConnectAsync("call-1", new RecordingHandler());
        var lingering = await harness.ConnectAsync("call-2", new RecordingHandler());
        var drain = harness.Manager.DrainAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        await harness.EndAsync(ended);

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.UntilAsync(() => lingering.Recorder.Count(nameof(IPlatformCall.HangUpAsync)) == 1, "hang-up sent");
        await harness.EndAsync(lingering);

        await Eventually.WithinAsync(drain, "drain");
        Assert.Equal(1, lingering.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
        Assert.Equal(0, ended.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
        Assert.Equal("Draining: 1 calls still active after 60 s; hanging them up", Assert.Single(harness.Logger.WithEvent("DrainTimeout")).Message);
    }

    [Fact]
    public async Task IncomingCall_WhileDraining_RejectedBusyWithoutRouting()
    {
        await using var harness = new CallManagerHarness();
        await harness.Manager.DrainAsync(TimeSpan.FromMinutes(1), CancellationToken.None);

        var call = harness.RaiseIncoming("call-1");

        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.RejectAsync)) == 1, "busy reject");
        Assert.Equal(RejectReason.Busy, call.Recorder.SingleArgument<RejectReason>(nameof(IPlatformCall.RejectAsync)));
        Assert.Empty(harness.Router.Requests);
        await harness.EndAsync(call);
        Assert.Contains(harness.SingleRecord("call-1").Events, e => e.Kind == "decision" && e.Detail == "draining");
    }

    [Fact]
    public async Task DisposeAsync_CallsActive_HangsUpEach()
    {
        await using var harness = new CallManagerHarness();
        var call1 = await harness.ConnectAsync("call-1", new RecordingHandler());
        var call2 = await harness.PlaceAsync("out-1", new RecordingHandler());

        await harness.Manager.DisposeAsync();

        Assert.Equal(1, call1.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
        Assert.Equal(1, call2.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
    }

    [Fact]
    public async Task History_AnsweredCall_RecordsOutcomeTimesAndTermination()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        harness.Router.Answer(() => handler);
        var start = harness.Time.GetUtcNow();
        var call = harness.RaiseIncoming("call-1");
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.AnswerAsync)) == 1, "answer");
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        call.RaiseState(CallState.Established);
        await Eventually.UntilAsync(() => handler.Calls.Count == 1, "established");
        harness.Time.Advance(TimeSpan.FromSeconds(90));
        var termination = new CallTermination(0, 7000, "The caller hung up.");

        await harness.EndAsync(call, termination);

        var record = harness.SingleRecord("call-1");
        Assert.Equal(CallDirection.Incoming, record.Direction);
        Assert.Equal("tenant-1", record.TenantId);
        Assert.Equal("answered", record.Outcome);
        Assert.Equal(start, record.StartedAt);
        Assert.Equal(start.AddSeconds(2), record.EstablishedAt);
        Assert.Equal(start.AddSeconds(92), record.EndedAt);
        Assert.Equal(TimeSpan.FromSeconds(90), record.ConnectedDuration);
        Assert.Equal(termination, record.Termination);
        Assert.Equal(["decision", "state", "state"], record.Events.Select(e => e.Kind));
        Assert.Equal(["answer (ServiceHosted)", "Established", "Terminated"], record.Events.Select(e => e.Detail));
        Assert.Equal(1, harness.Measurements.Sum("callingbot.calls.ended"));
        Assert.Equal(0, harness.Measurements.Sum("callingbot.calls.active"));
    }

    [Fact]
    public async Task History_RecentEventLimit_KeepsOnlyLatestEvents()
    {
        await using var harness = new CallManagerHarness(o => o.RecentEventLimit = 2);
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);
        call.RaiseParticipants(joined: [new ParticipantInfo("p-1", ParticipantIdentity.User("u1"))]);
        await Eventually.UntilAsync(() => handler.Calls.Count == 2, "joined");

        await harness.EndAsync(call);

        Assert.Equal(["participant-joined", "state"], harness.SingleRecord("call-1").Events.Select(e => e.Kind));
    }

    [Fact]
    public async Task ManyCalls_AnsweredEstablishedAndEndedConcurrently_LeaveNothingBehind()
    {
        const int count = 1000;
        await using var harness = new CallManagerHarness();
        var handlers = new ConcurrentDictionary<string, RecordingHandler>(StringComparer.Ordinal);
        harness.Router.Decide = (info, _) => ValueTask.FromResult(CallDecision.Answer(handlers.GetOrAdd(info.CallId, _ => new RecordingHandler())));
        var calls = new ConcurrentBag<FakePlatformCall>();

        await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            var callId = $"call-{i:D4}";
            var call = harness.RaiseIncoming(callId);
            calls.Add(call);
            await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.AnswerAsync)) == 1, $"answer {callId}");
            call.RaiseState(CallState.Establishing);
            call.RaiseState(CallState.Established);
            await Eventually.UntilAsync(() => handlers[callId].Calls.Count == 1, $"establish {callId}");
            call.RaiseEnded();
        })));

        await Eventually.UntilAsync(() => harness.Manager.ActiveCallCount == 0, "all calls removed");
        await Eventually.UntilAsync(() => harness.History.Recent(int.MaxValue).Count == count, "all calls recorded");
        var records = harness.History.Recent(int.MaxValue);
        Assert.Equal(count, records.Select(r => r.CallId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(records, r => Assert.Equal("answered", r.Outcome));
        Assert.All(records, r => Assert.Equal(CallTermination.Normal, r.Termination));
        Assert.All(handlers.Values, h => Assert.Equal(["Established", "Terminated:200"], h.Calls));
        Assert.Empty(harness.Manager.ListCalls());
        Assert.Empty(harness.Logger.WithEvent("EventHeld"));
        Assert.Empty(harness.Logger.WithEvent("EventAfterEnd"));
        Assert.Equal(0, harness.Manager.AwaitingEstablishmentCount);
        harness.Time.Advance(harness.Options.KeepAliveInterval * 2);
        Assert.DoesNotContain(calls, c => c.Recorder.Count(nameof(IPlatformCall.KeepAliveAsync)) > 0);
        Assert.Equal(count, harness.Measurements.Sum("callingbot.calls.ended"));
        Assert.Equal(0, harness.Measurements.Sum("callingbot.calls.active"));
    }

    [Fact]
    public async Task Start_CalledTwice_AttachesOnce()
    {
        await using var harness = new CallManagerHarness();

        harness.Manager.Start();

        Assert.Equal(1, harness.Platform.AttachCount);
        Assert.Same(harness.Manager, harness.Platform.Sink);
    }

    [Fact]
    public async Task ListCalls_SeveralCalls_OrderedByCreation()
    {
        await using var harness = new CallManagerHarness();
        await harness.PlaceAsync("out-b", new RecordingHandler());
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.PlaceAsync("out-a", new RecordingHandler());

        var calls = harness.Manager.ListCalls();

        Assert.Equal(["out-b", "out-a"], calls.Select(c => c.CallId));
        Assert.NotNull(harness.Manager.FindCall("OUT-A"));
        Assert.Null(harness.Manager.GetCall("unknown"));
        Assert.True(harness.Manager.WhenRemovedAsync("unknown").IsCompletedSuccessfully);
    }
}
