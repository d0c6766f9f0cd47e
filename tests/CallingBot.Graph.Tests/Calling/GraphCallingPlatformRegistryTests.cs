using System.Collections.Concurrent;
using CallingBot.Core;
using CallingBot.Core.Calls;
using CallingBot.Core.Platform;
using CallingBot.Core.Registry;
using CallingBot.Graph.Calling;
using CallingBot.Graph.Notifications;
using CallingBot.Graph.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallingBot.Graph.Tests.Calling;

/// <summary>
/// The Graph adapter with the real SDK, fed notifications directly: it asks the call registry about ended calls and
/// drops the SDK's call object when the call manager releases a call.
/// </summary>
public sealed class GraphCallingPlatformRegistryTests : IDisposable
{
    private const string Tenant = OfflineGraph.Tenant;
    private static readonly Uri CallbackUrl = OfflineGraph.CallbackUrl;

    private readonly ServiceProvider _core = new ServiceCollection().AddCallingBotCore().BuildServiceProvider();
    private readonly ICallRegistry _registry;
    private readonly RecordingSink _sink = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly GraphCallingPlatform _platform;
    private readonly GraphNotificationProcessor _processor;

    public GraphCallingPlatformRegistryTests()
    {
        _registry = _core.GetRequiredService<ICallRegistry>();
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        _platform = OfflineGraph.CreatePlatform(_loggerFactory, _registry);
        _platform.Attach(_sink);
        _platform.Initialize(CallbackUrl);
        _processor = new GraphNotificationProcessor(_platform, NullLogger<GraphNotificationProcessor>.Instance);
    }

    [Fact]
    public async Task Release_IncomingCallTheServiceNeverDeleted_LeavesTheSdkAndTheAdapter()
    {
        Process(Created("call-1"));
        var incoming = await Eventually.UntilAsync(() => _sink.Incoming.TryPeek(out var call) ? call : null, "incoming call raised");
        Assert.Equal(1, _platform.SdkCallCount);
        Assert.Equal(1, _platform.TrackedCallCount);

        incoming.Release();
        incoming.Release();

        Assert.Equal(0, _platform.SdkCallCount);
        Assert.Equal(0, _platform.TrackedCallCount);
        Assert.Single(_logs.WithEvent("SdkCallDropped"));
        Assert.Empty(_sink.Events);
    }

    [Fact]
    public async Task Release_AfterTheServiceDeletedTheCall_DropsNothingFromTheSdk()
    {
        Process(Created("call-1"));
        var incoming = await Eventually.UntilAsync(() => _sink.Incoming.TryPeek(out var call) ? call : null, "incoming call raised");
        Process(Envelope("deleted", "call-1", "terminated"));
        await Eventually.UntilAsync(() => _sink.Events.Any(e => e is CallRemoved), "removal reported");

        incoming.Release();

        Assert.Equal(0, _platform.SdkCallCount);
        Assert.Equal(0, _platform.TrackedCallCount);
        Assert.Empty(_logs.WithEvent("SdkCallDropped"));
    }

    [Fact]
    public async Task CreatedNotification_ForCallTheRegistryKnowsEnded_IsNotRaisedAndLeavesNoSdkCall()
    {
        _registry.MarkEnded("CALL-2");

        Process(Created("call-2"));

        await Eventually.UntilAsync(() => _logs.WithEvent("EndedCallRecreated").Length == 1, "replay recognized");
        await Eventually.UntilAsync(() => _logs.WithEvent("SdkCallDropped").Length == 1, "the SDK's object for the ended call dropped");
        Assert.Empty(_sink.Incoming);
        Assert.Equal(0, _platform.SdkCallCount);
        Assert.Equal(0, _platform.TrackedCallCount);
    }

    public void Dispose()
    {
        _platform.Dispose();
        _loggerFactory.Dispose();
        _core.Dispose();
    }

    private void Process(string body) =>
        Assert.Equal(NotificationResultKind.Accepted, _processor.Process(CallbackUrl, body, Tenant, Guid.NewGuid(), Guid.NewGuid()).Kind);

    private static string Created(string id) => Envelope("created", id, "incoming");

    private static string Envelope(string changeType, string id, string state) =>
        $$$"""{"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"{{{changeType}}}","resourceUrl":"/communications/calls/{{{id}}}","resourceData":{"@odata.type":"#microsoft.graph.call","id":"{{{id}}}","state":"{{{state}}}","direction":"incoming","tenantId":"{{{Tenant}}}"}}]}""";

    private sealed class RecordingSink : ICallEventSink
    {
        public ConcurrentQueue<IPlatformCall> Incoming { get; } = new();

        public ConcurrentQueue<CallEvent> Events { get; } = new();

        public void OnIncomingCall(IPlatformCall call, IncomingCallInfo info) => Incoming.Enqueue(call);

        public void OnCallEvent(CallEvent callEvent) => Events.Enqueue(callEvent);

        public bool OnParticipantJoining(string callId, ParticipantInfo participant) => false;
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<EventId> _events = new();

        public EventId[] WithEvent(string name) => _events.Where(e => e.Name == name).ToArray();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner._events.Enqueue(eventId);
        }
    }
}
