using System.Diagnostics;
using CallingBot.Core.Calls;
using CallingBot.Core.Diagnostics;
using CallingBot.Core.Platform;
using CallingBot.Core.Routing;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Testing;

namespace CallingBot.Core.Tests.Manager;

/// <summary>
/// The call manager's spans run on a call's loop, away from the request that queued their work: each takes the span
/// that was current where its work was queued as its parent, not whatever was current when the loop started.
/// </summary>
public sealed class CallManagerTracingTests
{
    [Fact]
    public async Task IncomingCall_QueuedUnderASpan_DecisionSpanIsItsChildAndTheRouterRunsInsideIt()
    {
        using var spans = new SpanRecorder(CallingBotActivity.SourceName);
        await using var harness = new CallManagerHarness();
        Activity? routedUnder = null;
        harness.Router.Decide = (_, _) =>
        {
            routedUnder = Activity.Current;
            return ValueTask.FromResult(CallDecision.Answer(new RecordingHandler()));
        };

        FakePlatformCall call;
        using (var callback = new Activity("test-callback").Start())
        {
            call = harness.RaiseIncoming("call-traced-1");
            callback.Stop();

            await Eventually.UntilAsync(() => spans.Find(CallingBotActivity.CallDecisionSpan, CallingBotActivity.CallIdTag, call.CallId).Count == 1, "decision span stopped");
            var decision = Assert.Single(spans.Find(CallingBotActivity.CallDecisionSpan, CallingBotActivity.CallIdTag, call.CallId));
            Assert.Equal(callback.TraceId, decision.TraceId);
            Assert.Equal(callback.SpanId, decision.ParentSpanId);
            Assert.Equal(ActivityKind.Internal, decision.Kind);
            Assert.Equal("answer", decision.GetTagItem(CallingBotActivity.DecisionTag));
            Assert.Equal(ActivityStatusCode.Unset, decision.Status);
            Assert.Equal(decision.SpanId, routedUnder?.SpanId);
        }

        await harness.EndAsync(call);
    }

    [Fact]
    public async Task CallEvents_QueuedUnderOtherSpansOrNone_EachEventSpanHasItsOwnParentNotTheSpanTheCallStartedUnder()
    {
        using var spans = new SpanRecorder(CallingBotActivity.SourceName);
        await using var harness = new CallManagerHarness();
        harness.Router.Answer(() => new RecordingHandler());
        const string CallId = "call-traced-2";

        FakePlatformCall call;
        using (var created = new Activity("test-created").Start())
        {
            // The call's loop starts while this span is current.
            call = harness.RaiseIncoming(CallId);
            await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.AnswerAsync)) == 1, "answer");
        }

        Activity established;
        using (established = new Activity("test-established").Start())
        {
            call.RaiseState(CallState.Established);
        }

        Assert.Null(Activity.Current);
        call.RaiseTones("5");

        await Eventually.UntilAsync(() => spans.Find(CallingBotActivity.CallEventSpan, CallingBotActivity.CallIdTag, CallId).Count == 2, "both event spans stopped");
        var events = spans.Find(CallingBotActivity.CallEventSpan, CallingBotActivity.CallIdTag, CallId);
        var state = Assert.Single(events, e => (string?)e.GetTagItem(CallingBotActivity.EventTag) == "state");
        Assert.Equal(established.SpanId, state.ParentSpanId);
        Assert.Equal(established.TraceId, state.TraceId);
        Assert.Equal(nameof(CallState.Established), state.GetTagItem(CallingBotActivity.StateTag));
        var tone = Assert.Single(events, e => (string?)e.GetTagItem(CallingBotActivity.EventTag) == "tone");
        Assert.Equal(default, tone.ParentSpanId);
        Assert.DoesNotContain(tone.Tags, t => t.Value == "5");

        await harness.EndAsync(call);
    }

    [Fact]
    public async Task CallEvent_RaisedWithAnAdapterSuppliedParent_TakesThatParentOverTheCurrentSpan()
    {
        using var spans = new SpanRecorder(CallingBotActivity.SourceName);
        await using var harness = new CallManagerHarness();
        harness.Router.Answer(() => new RecordingHandler());
        var call = harness.RaiseIncoming("call-traced-4");
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.AnswerAsync)) == 1, "answer");
        using var delivering = new Activity("test-delivering-callback").Start();
        var deliveringContext = delivering.Context;
        delivering.Stop();

        // As on an SDK's own event loop: some unrelated span is current, the adapter restores the delivering one.
        using (new Activity("test-unrelated").Start())
        using (CallingBotActivity.WithCallWorkParent(deliveringContext))
        {
            call.RaiseState(CallState.Established);
        }

        await Eventually.UntilAsync(() => spans.Find(CallingBotActivity.CallEventSpan, CallingBotActivity.CallIdTag, call.CallId).Count == 1, "event span stopped");
        var state = Assert.Single(spans.Find(CallingBotActivity.CallEventSpan, CallingBotActivity.CallIdTag, call.CallId));
        Assert.Equal(deliveringContext.SpanId, state.ParentSpanId);
        Assert.Equal(deliveringContext.TraceId, state.TraceId);

        await harness.EndAsync(call);
    }

    [Fact]
    public async Task IncomingCall_ServiceRefusesTheAnswer_DecisionSpanFailsWithThePlatformErrorKind()
    {
        using var spans = new SpanRecorder(CallingBotActivity.SourceName);
        await using var harness = new CallManagerHarness();
        harness.Router.Answer(() => new RecordingHandler());
        var call = harness.Platform.NewCall("call-traced-3");
        call.Recorder.Fail(nameof(IPlatformCall.AnswerAsync), new PlatformException(PlatformErrorKind.NotFound, "The calling service refused answer (404): unknown call"));

        harness.Platform.RaiseIncoming(call, harness.Info(call.CallId));

        await harness.WaitRemovedAsync(call.CallId);
        var decision = Assert.Single(spans.Find(CallingBotActivity.CallDecisionSpan, CallingBotActivity.CallIdTag, call.CallId));
        Assert.Equal(ActivityStatusCode.Error, decision.Status);
        Assert.Equal(nameof(PlatformErrorKind.NotFound), decision.GetTagItem(CallingBotActivity.ErrorTypeTag));
        Assert.Equal("answer", decision.GetTagItem(CallingBotActivity.DecisionTag));
    }

    [Fact]
    public async Task HandlerVerbs_CalledInAnEvent_EachHasAVerbSpanUnderTheEventSpanAndAFailedOneCarriesItsErrorKind()
    {
        using var spans = new SpanRecorder(CallingBotActivity.SourceName);
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        handler.Hook = async (entry, call, ct) =>
        {
            if (entry == "Established")
            {
                await call.PlayPromptAsync(Prompt.FromUrl("https://example.test/hello.wav"), ct);
                await Assert.ThrowsAsync<PlatformException>(() => call.MuteAsync(ct));
            }
        };
        harness.Router.Answer(() => handler);
        var call = harness.RaiseIncoming("call-traced-5");
        call.Recorder.Fail(nameof(IPlatformCall.MuteAsync), new PlatformException(PlatformErrorKind.Forbidden, "refused"));
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.AnswerAsync)) == 1, "answer");

        call.RaiseState(CallState.Established);

        await Eventually.UntilAsync(() => spans.Find(CallingBotActivity.CallVerbSpan, CallingBotActivity.CallIdTag, call.CallId).Count == 2, "both verb spans stopped");
        var eventSpan = Assert.Single(spans.Find(CallingBotActivity.CallEventSpan, CallingBotActivity.CallIdTag, call.CallId));
        var verbs = spans.Find(CallingBotActivity.CallVerbSpan, CallingBotActivity.CallIdTag, call.CallId);
        var play = Assert.Single(verbs, v => (string?)v.GetTagItem(CallingBotActivity.VerbTag) == "play-prompt");
        Assert.Equal(eventSpan.SpanId, play.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Unset, play.Status);
        var mute = Assert.Single(verbs, v => (string?)v.GetTagItem(CallingBotActivity.VerbTag) == "mute");
        Assert.Equal(eventSpan.SpanId, mute.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Error, mute.Status);
        Assert.Equal(nameof(PlatformErrorKind.Forbidden), mute.GetTagItem(CallingBotActivity.ErrorTypeTag));

        await harness.EndAsync(call);
    }
}
