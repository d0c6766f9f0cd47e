using System.Diagnostics;
using System.Net;
using System.Text;
using CallingBot.Core.Diagnostics;
using CallingBot.Core.Handlers;
using CallingBot.Core.Platform;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.AspNetCore.Callbacks;
using CallingBot.Host.Tests.Callbacks;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.EndToEnd;

/// <summary>
/// The spans of the "CallingBot" source over real HTTP, with the emulator in-process and a plain ActivityListener:
/// a callback is the parent of the call work it causes, and that work the parent of the Graph requests it sends.
/// </summary>
public sealed class TracingTests
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    [Fact]
    public async Task IncomingCall_Answered_CallbackThenDecisionThenGraphAnswerNestedAndTaggedWithTheCallId()
    {
        using var spans = new SpanRecorder(CallingBotActivity.SourceName);
        var handler = new MutingHandler();
        await using var bot = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Answer(handler)));
        var control = bot.Emulator.Control;

        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId, FromDisplayName = "Alice" });
        await Eventually.WithinAsync(handler.Muted.Task, "the handler muted the established call");
        await Eventually.UntilAsync(() => spans.Find(CallingBotActivity.GraphRequestSpan, CallingBotActivity.CallIdTag, callId).Count(s => Operation(s) == "mute") == 1, "the mute request's span stopped");

        var decision = Assert.Single(spans.Find(CallingBotActivity.CallDecisionSpan, CallingBotActivity.CallIdTag, callId));
        Assert.Equal("answer", decision.GetTagItem(CallingBotActivity.DecisionTag));
        Assert.Equal(ActivityStatusCode.Unset, decision.Status);
        var callbacks = spans.Find(CallingBotActivity.CallbackSpan, CallingBotActivity.CallIdTag, callId);
        var created = Assert.Single(callbacks, c => c.SpanId == decision.ParentSpanId);
        Assert.Equal(decision.TraceId, created.TraceId);
        Assert.Equal("accepted", created.GetTagItem(CallingBotActivity.CallbackResultTag));
        Assert.Equal(bot.Local.Options.TenantId, created.GetTagItem(CallingBotActivity.TenantIdTag));
        var answer = Assert.Single(spans.Find(CallingBotActivity.GraphRequestSpan, CallingBotActivity.CallIdTag, callId), s => Operation(s) == "answer");
        Assert.Equal(decision.SpanId, answer.ParentSpanId);
        Assert.Equal(decision.TraceId, answer.TraceId);
        Assert.Equal(ActivityKind.Client, answer.Kind);
        Assert.Equal(ActivityStatusCode.Unset, answer.Status);

        // The handler's verb while handling "established" belongs to the callback that delivered it; the verb's span is
        // the parent of the Graph request it sent.
        var mute = Assert.Single(spans.Find(CallingBotActivity.GraphRequestSpan, CallingBotActivity.CallIdTag, callId), s => Operation(s) == "mute");
        var verb = Assert.Single(spans.Find(CallingBotActivity.CallVerbSpan, CallingBotActivity.CallIdTag, callId), v => v.SpanId == mute.ParentSpanId);
        Assert.Equal("mute", verb.GetTagItem(CallingBotActivity.VerbTag));
        Assert.Equal(ActivityStatusCode.Unset, verb.Status);
        var established = Assert.Single(spans.Find(CallingBotActivity.CallEventSpan, CallingBotActivity.CallIdTag, callId), e => e.SpanId == verb.ParentSpanId);
        Assert.Equal("Established", established.GetTagItem(CallingBotActivity.StateTag));
        var establishedCallback = Assert.Single(callbacks, c => c.SpanId == established.ParentSpanId);
        Assert.NotEqual(created.SpanId, establishedCallback.SpanId);

        await control.HangUpAsync(callId);
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "the call ends before the host stops");
    }

    [Fact]
    public async Task IncomingCall_ServiceRefusesTheAnswer_GraphRequestSpanFailsWithTheErrorKind()
    {
        using var spans = new SpanRecorder(CallingBotActivity.SourceName);
        using var issuer = new TestTokenIssuer();
        await using var bot = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Answer(new RecordingHandler())), services: services =>
            services.AddHttpClient(CallbackTokenValidator.MetadataHttpClient).AddHttpMessageHandler(() => new JwksAugmentingHandler(issuer)));
        using var client = bot.CreateClient();
        var tenant = bot.Local.Options.TenantId;
        var token = issuer.Sign(TestTokenIssuer.ValidClaims(bot.AppId, bot.Emulator.GetIssuer(tenant), tenant, DateTimeOffset.UtcNow));

        // A validly signed "created" for a call the service never made: its answer is refused.
        var callId = Guid.NewGuid().ToString();
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/calling") { Content = new StringContent(Created(callId), Encoding.UTF8, "application/json") })
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await Eventually.WithinAsync(bot.Manager.WhenRemovedAsync(callId), "the refused call dropped");
        await Eventually.UntilAsync(() => spans.Find(CallingBotActivity.CallDecisionSpan, CallingBotActivity.CallIdTag, callId).Count == 1, "the decision span stopped");
        var decision = Assert.Single(spans.Find(CallingBotActivity.CallDecisionSpan, CallingBotActivity.CallIdTag, callId));
        var answer = Assert.Single(spans.Find(CallingBotActivity.GraphRequestSpan, CallingBotActivity.CallIdTag, callId));
        Assert.Equal("answer", Operation(answer));
        Assert.Equal(decision.SpanId, answer.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Error, answer.Status);
        Assert.Equal(nameof(PlatformErrorKind.NotFound), answer.GetTagItem(CallingBotActivity.ErrorTypeTag));
        Assert.Equal(ActivityStatusCode.Error, decision.Status);
        Assert.Equal(nameof(PlatformErrorKind.NotFound), decision.GetTagItem(CallingBotActivity.ErrorTypeTag));
        var callback = Assert.Single(spans.Find(CallingBotActivity.CallbackSpan, CallingBotActivity.CallIdTag, callId));
        Assert.Equal(callback.SpanId, decision.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Unset, callback.Status);
    }

    [Fact]
    public async Task Callback_WithoutToken_SpanSaysUnauthorizedAndNamesNoCall()
    {
        using var spans = new SpanRecorder(CallingBotActivity.SourceName);
        await using var bot = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Reject()));
        using var client = bot.CreateClient();
        using var content = new StringContent("""{"value":[{"changeType":"created","resourceUrl":"/communications/calls/x"}]}""", Encoding.UTF8, "application/json");
        using var marker = new Activity("test-unauthorized").Start();

        using var response = await client.PostAsync("/api/calling", content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Eventually.UntilAsync(() => spans.Stopped.Any(s => s.OperationName == CallingBotActivity.CallbackSpan && s.TraceId == marker.TraceId), "the callback span stopped");
        var callback = Assert.Single(spans.Stopped, s => s.OperationName == CallingBotActivity.CallbackSpan && s.TraceId == marker.TraceId);
        Assert.Equal("unauthorized", callback.GetTagItem(CallingBotActivity.CallbackResultTag));
        Assert.Null(callback.GetTagItem(CallingBotActivity.CallIdTag));
        Assert.Null(callback.GetTagItem(CallingBotActivity.TenantIdTag));
        Assert.DoesNotContain(callback.Tags, t => t.Value?.Contains("communications", StringComparison.Ordinal) == true);
    }

    private static string? Operation(Activity span) => span.GetTagItem(CallingBotActivity.OperationTag) as string;

    /// <summary>A <c>created</c> notification for an incoming call from Alice, as Graph would send it.</summary>
    private static string Created(string callId) =>
        HostileCallbackCases.Envelope("created", $"/communications/calls/{callId}", "{\"@odata.type\":\"#microsoft.graph.call\",\"id\":\"" + callId
            + "\",\"state\":\"incoming\",\"direction\":\"incoming\",\"source\":{\"@odata.type\":\"#microsoft.graph.participantInfo\",\"identity\":{\"@odata.type\":\"#microsoft.graph.identitySet\",\"user\":{\"@odata.type\":\"#microsoft.graph.identity\",\"id\":\""
            + AliceId + "\",\"displayName\":\"Alice\"}}}}");

    /// <summary>Mutes the bot once the call is established: a Graph request made while handling an event.</summary>
    [Fact]
    public async Task HandlerVerb_PlayPrompt_SpanLastsUntilThePromptCompletedAndParentsItsGraphRequest()
    {
        using var spans = new SpanRecorder(CallingBotActivity.SourceName);
        var handler = new PromptingHandler();
        await using var bot = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Answer(handler)));
        var control = bot.Emulator.Control;

        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId });
        await Eventually.WithinAsync(handler.Played.Task, "the handler's prompt completed");
        await Eventually.UntilAsync(() => spans.Find(CallingBotActivity.CallVerbSpan, CallingBotActivity.CallIdTag, callId).Count > 0, "the verb's span stopped");

        var verb = Assert.Single(spans.Find(CallingBotActivity.CallVerbSpan, CallingBotActivity.CallIdTag, callId));
        Assert.Equal("play-prompt", verb.GetTagItem(CallingBotActivity.VerbTag));
        Assert.Equal(ActivityStatusCode.Unset, verb.Status);
        var request = Assert.Single(spans.Find(CallingBotActivity.GraphRequestSpan, CallingBotActivity.CallIdTag, callId), s => Operation(s) == "playPrompt");
        Assert.Equal(verb.SpanId, request.ParentSpanId);
        // The request ends with the service's 200; the verb only once the prompt's completion notification came back.
        Assert.True(verb.StartTimeUtc + verb.Duration > request.StartTimeUtc + request.Duration, "the verb's span lasts beyond its request, until the prompt completed");

        await control.HangUpAsync(callId);
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "the call ends before the host stops");
    }

    private sealed class PromptingHandler : RecordingHandler
    {
        public TaskCompletionSource Played { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
        {
            await base.OnEstablishedAsync(call, cancellationToken);
            await call.PlayPromptAsync(CallingBot.Core.Calls.Prompt.FromUrl("https://cdn.contoso.com/welcome.wav"), cancellationToken);
            Played.TrySetResult();
        }
    }

    private sealed class MutingHandler : RecordingHandler
    {
        public TaskCompletionSource Muted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
        {
            await base.OnEstablishedAsync(call, cancellationToken);
            await call.MuteAsync(cancellationToken);
            Muted.TrySetResult();
        }
    }
}
