using System.Collections.Concurrent;
using System.Reflection;
using CallingBot.Core;
using CallingBot.Core.Calls;
using CallingBot.Core.Platform;
using CallingBot.Core.Registry;
using CallingBot.Graph.Calling;
using CallingBot.Graph.Notifications;
using CallingBot.Graph.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Graph.Communications.Client;

namespace CallingBot.Graph.Tests.Notifications;

/// <summary>
/// The real SDK behind the processor: what it cannot read or refuses is <see cref="NotificationResultKind.Malformed"/>
/// (a retry can never succeed), a failure inside the bot is <see cref="NotificationResultKind.Failed"/>.
/// </summary>
public sealed class GraphNotificationProcessorTests : IDisposable
{
    private const string Tenant = OfflineGraph.Tenant;
    private static readonly Uri CallbackUrl = OfflineGraph.CallbackUrl;

    private readonly ServiceProvider _core = new ServiceCollection().AddCallingBotCore().BuildServiceProvider();
    private readonly JoiningSink _sink = new();
    private readonly GraphCallingPlatform _platform;
    private readonly GraphNotificationProcessor _processor;

    public GraphNotificationProcessorTests()
    {
        _platform = OfflineGraph.CreatePlatform(NullLoggerFactory.Instance, _core.GetRequiredService<ICallRegistry>());
        _platform.Attach(_sink);
        _processor = new GraphNotificationProcessor(_platform, NullLogger<GraphNotificationProcessor>.Instance);
    }

    [Fact]
    public void Process_BeforeThePlatformIsInitialized_IsNotReady()
    {
        var result = Process(Created("call-1"));

        Assert.Equal(NotificationResultKind.NotReady, result.Kind);
        Assert.Equal("not-ready", result.Reason);
        Assert.False(result.IsProcessed);
    }

    [Fact]
    public void Process_CallCreated_IsAcceptedWithoutAnAnswer()
    {
        _platform.Initialize(CallbackUrl);

        var result = Process(Created("call-1"));

        Assert.Equal(NotificationResultKind.Accepted, result.Kind);
        Assert.Null(result.ResponseJson);
        Assert.True(result.IsProcessed);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{}")]
    [InlineData("""{"value":[]}""")]
    [InlineData("""{"value":null}""")]
    public void Process_BatchTheSdkCannotRead_IsMalformed(string body)
    {
        _platform.Initialize(CallbackUrl);

        var result = Process(body);

        Assert.Equal(NotificationResultKind.Malformed, result.Kind);
        Assert.Equal("malformed-notification", result.Reason);
    }

    [Theory]
    [InlineData("unknown resource type", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/c1","resourceData":{"@odata.type":"#microsoft.graph.nonsense","id":"c1"}}]}""")]
    [InlineData("resource without a type", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/c1","resourceData":{"id":"c1","state":"incoming","direction":"incoming"}}]}""")]
    [InlineData("operation without clientContext", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/c1/operations/o1","resourceData":{"@odata.type":"#microsoft.graph.playPromptOperation","id":"o1","status":"completed"}}]}""")]
    [InlineData("unknown change type", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"exploded","resourceUrl":"/communications/calls/c1","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c1","state":"incoming","direction":"incoming"}}]}""")]
    [InlineData("no resource path", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c1","state":"incoming","direction":"incoming"}}]}""")]
    public void Process_BatchTheSdkReadsButRefuses_IsMalformedSoTheSenderDoesNotRetryIt(string because, string body)
    {
        _platform.Initialize(CallbackUrl);

        var result = Process(body);

        Assert.True(result.Kind == NotificationResultKind.Malformed, $"{because}: {result.Kind}");
        Assert.Equal("malformed-notification", result.Reason);
    }

    [Fact]
    public async Task Process_ParticipantJoiningTheBotAccepts_IsAnsweredWithTheSdksResponse()
    {
        _platform.Initialize(CallbackUrl);
        Assert.Equal(NotificationResultKind.Accepted, Process(Created("call-1")).Kind);
        await Eventually.UntilAsync(() => _sink.Incoming.TryPeek(out var call) ? call : null, "incoming call raised");
        _sink.Decide = _ => true;

        var result = Process(Joining("call-1"));

        Assert.Equal(NotificationResultKind.Answered, result.Kind);
        Assert.Contains("acceptJoinResponse", result.ResponseJson, StringComparison.OrdinalIgnoreCase);
        Assert.True(result.IsProcessed);
    }

    [Theory]
    [InlineData("a failure inside the bot")]
    [InlineData("the SDK's own server-side error")]
    public void Process_SdkFailsOnAReadableBatch_IsFailedSoTheSenderRetries(string failure)
    {
        _platform.Initialize(CallbackUrl);
        Exception thrown = failure == "a failure inside the bot"
            ? new InvalidOperationException("the bot's own failure")
            : new Microsoft.Graph.ServiceException("internal error", null, 500);
        var processor = new GraphNotificationProcessor(() => FailingClient.Create(_platform.Client!, thrown), NullLogger<GraphNotificationProcessor>.Instance);

        var result = processor.Process(CallbackUrl, Created("call-1"), Tenant, Guid.NewGuid(), Guid.NewGuid());

        Assert.Equal(NotificationResultKind.Failed, result.Kind);
        Assert.Equal("processing-failed", result.Reason);
        Assert.False(result.IsProcessed);
    }

    [Fact]
    public void Process_SdkRefusesTheBatchAsInvalid_IsMalformed()
    {
        _platform.Initialize(CallbackUrl);
        var processor = new GraphNotificationProcessor(
            () => FailingClient.Create(_platform.Client!, new Microsoft.Graph.ServiceException("Resource in notification is not recognized.", null, 400)),
            NullLogger<GraphNotificationProcessor>.Instance);

        var result = processor.Process(CallbackUrl, Created("call-1"), Tenant, Guid.NewGuid(), Guid.NewGuid());

        Assert.Equal(NotificationResultKind.Malformed, result.Kind);
    }

    [Theory]
    [InlineData(400, true)]
    [InlineData(422, true)]
    [InlineData(404, false)]
    [InlineData(500, false)]
    [InlineData(503, false)]
    public void IsRefusedInput_SdkServiceException_OnlyAnInvalidRequestIsTheNotificationsFault(int status, bool refused)
    {
        var sdk = new Microsoft.Graph.ServiceException("refused", null, status);

        Assert.Equal(refused, GraphNotificationProcessor.IsRefusedInput(sdk));
    }

    [Fact]
    public void IsRefusedInput_FailureInsideTheBot_IsNot()
    {
        Assert.False(GraphNotificationProcessor.IsRefusedInput(new InvalidOperationException("bug")));
        Assert.False(GraphNotificationProcessor.IsRefusedInput(new ObjectDisposedException("client")));
    }

    public void Dispose()
    {
        _platform.Dispose();
        _core.Dispose();
    }

    private NotificationResult Process(string body) => _processor.Process(CallbackUrl, body, Tenant, Guid.NewGuid(), Guid.NewGuid());

    private static string Created(string id) =>
        $$$"""{"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/{{{id}}}","resourceData":{"@odata.type":"#microsoft.graph.call","id":"{{{id}}}","state":"incoming","direction":"incoming","tenantId":"{{{Tenant}}}"}}]}""";

    private static string Joining(string id) =>
        $$$$$"""
        {"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/{{{{{id}}}}}","resourceData":
        {"@odata.type":"#microsoft.graph.participantJoiningNotification","call":{"@odata.type":"#microsoft.graph.call","id":"{{{{{id}}}}}","state":"established",
        "source":{"@odata.type":"#microsoft.graph.participantInfo","id":"joiner-1","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","id":"joiner-user","displayName":"Joiner"}}},
        "incomingContext":{"@odata.type":"#microsoft.graph.incomingContext","sourceParticipantId":"joiner-1","observedParticipantId":"joiner-1"}}}}]}
        """;

    /// <summary>The real client, except that processing throws the given exception.</summary>
    public class FailingClient : DispatchProxy
    {
        private ICommunicationsClient _inner = null!;
        private Exception _failure = null!;

        public static ICommunicationsClient Create(ICommunicationsClient inner, Exception failure)
        {
            var proxy = Create<ICommunicationsClient, FailingClient>();
            var failing = (FailingClient)(object)proxy;
            failing._inner = inner;
            failing._failure = failure;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod!.Name == nameof(ICommunicationsClient.ProcessNotifications)
                ? throw _failure
                : targetMethod.Invoke(_inner, args);
    }

    private sealed class JoiningSink : ICallEventSink
    {
        public ConcurrentQueue<IPlatformCall> Incoming { get; } = new();

        public Func<ParticipantInfo, bool> Decide { get; set; } = _ => false;

        public void OnIncomingCall(IPlatformCall call, IncomingCallInfo info) => Incoming.Enqueue(call);

        public void OnCallEvent(CallEvent callEvent)
        {
        }

        public bool OnParticipantJoining(string callId, ParticipantInfo participant) => Decide(participant);
    }
}
