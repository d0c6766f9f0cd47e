using System.Diagnostics;
using CallingBot.Core.Diagnostics;
using CallingBot.Core.Platform;
using CallingBot.Graph.Calling;
using CallingBot.Testing;
using Microsoft.Graph.Communications.Common;
using Microsoft.Graph.Communications.Core.Exceptions;

namespace CallingBot.Graph.Tests.Calling;

/// <summary>Each outbound operation of the adapter is a <c>graph.request</c> span under the current one.</summary>
public sealed class GraphRequestTests
{
    [Fact]
    public async Task RunAsync_Succeeds_ClientSpanUnderTheCurrentSpanTaggedWithCallAndOperation()
    {
        using var spans = new SpanRecorder(CallingBotActivity.SourceName);
        const string CallId = "graph-request-ok";
        Activity? inside = null;

        using (var parent = new Activity("test-parent").Start())
        {
            await GraphRequest.RunAsync(GraphOperation.PlayPrompt, CallId, () =>
            {
                inside = Activity.Current;
                return Task.CompletedTask;
            });

            var span = Assert.Single(spans.Find(CallingBotActivity.GraphRequestSpan, CallingBotActivity.CallIdTag, CallId));
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal(parent.SpanId, span.ParentSpanId);
            Assert.Equal("playPrompt", span.GetTagItem(CallingBotActivity.OperationTag));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
            Assert.Null(span.GetTagItem(CallingBotActivity.ErrorTypeTag));
            Assert.Equal(span.SpanId, inside?.SpanId);
        }
    }

    [Fact]
    public async Task RunAsync_ServiceRefuses_SpanFailsWithThePlatformErrorKindAndTheErrorIsTranslated()
    {
        using var spans = new SpanRecorder(CallingBotActivity.SourceName);
        const string CallId = "graph-request-refused";
        var sdk = new ServiceException(new Error { Code = "8506", Message = "Call was not found." }, null, 404, null, null);

        var thrown = await Assert.ThrowsAsync<PlatformException>(() => GraphRequest.RunAsync(GraphOperation.HangUp, CallId, () => Task.FromException(sdk)));

        Assert.Equal("The calling service refused hang up (404): Call was not found.", thrown.Message);
        var span = Assert.Single(spans.Find(CallingBotActivity.GraphRequestSpan, CallingBotActivity.CallIdTag, CallId));
        Assert.Equal("hangUp", span.GetTagItem(CallingBotActivity.OperationTag));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(nameof(PlatformErrorKind.NotFound), span.GetTagItem(CallingBotActivity.ErrorTypeTag));
        Assert.DoesNotContain(span.Tags, t => t.Value?.Contains("not found", StringComparison.OrdinalIgnoreCase) == true);
    }

    [Fact]
    public async Task RunAsync_Cancelled_SpanFailsWithTheExceptionType()
    {
        using var spans = new SpanRecorder(CallingBotActivity.SourceName);
        const string CallId = "graph-request-cancelled";

        await Assert.ThrowsAsync<OperationCanceledException>(() => GraphRequest.RunAsync(GraphOperation.Mute, CallId, () => Task.FromException(new OperationCanceledException())));

        var span = Assert.Single(spans.Find(CallingBotActivity.GraphRequestSpan, CallingBotActivity.CallIdTag, CallId));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(OperationCanceledException).FullName, span.GetTagItem(CallingBotActivity.ErrorTypeTag));
    }

    [Fact]
    public async Task RunAsync_CreatesACall_SpanTaggedWithTheNewCallsId()
    {
        using var spans = new SpanRecorder(CallingBotActivity.SourceName);
        const string CallId = "graph-request-created";

        var created = await GraphRequest.RunAsync(GraphOperation.CreateCall, callId: null, () => Task.FromResult(CallId), static id => id);

        Assert.Equal(CallId, created);
        var span = Assert.Single(spans.Find(CallingBotActivity.GraphRequestSpan, CallingBotActivity.CallIdTag, CallId));
        Assert.Equal("createCall", span.GetTagItem(CallingBotActivity.OperationTag));
    }
}
