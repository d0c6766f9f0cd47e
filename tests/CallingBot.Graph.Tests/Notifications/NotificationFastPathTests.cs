using System.Collections.Concurrent;
using System.Text.Json;
using CallingBot.AspNetCore.Testing;
using CallingBot.Core;
using CallingBot.Core.Calls;
using CallingBot.Core.Platform;
using CallingBot.Core.Registry;
using CallingBot.Graph.Calling;
using CallingBot.Graph.Notifications;
using CallingBot.Graph.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallingBot.Graph.Tests.Notifications;

/// <summary>
/// A call's notifications read on the fast path raise the same events in the bot as when the SDK's reader reads them,
/// and what the SDK refuses is still refused.
/// </summary>
public sealed class NotificationFastPathTests : IDisposable
{
    private const string CallId = "2c4146ca-f27e-40be-8cc5-dc905a955f8f";
    private readonly List<IDisposable> _owned = [];

    [Fact]
    public async Task Process_CallLifecycle_FastPathRaisesTheSameEventsAsTheSdksReader()
    {
        var fast = await RunLifecycleAsync(fastPath: true);
        var sdk = await RunLifecycleAsync(fastPath: false);

        Assert.True(sdk.SequenceEqual(fast), string.Join("\n", sdk.Zip(fast).Where(p => p.First != p.Second).Select(p => p.First + "\n" + p.Second)));
        Assert.StartsWith("incoming ", fast[0], StringComparison.Ordinal);
        Assert.Contains("Adele Vance", fast[0], StringComparison.Ordinal);
        Assert.Contains(fast, e => e.Contains("CallStateChanged", StringComparison.Ordinal) && e.Contains("\"State\":\"Established\"", StringComparison.Ordinal));
        Assert.EndsWith("CallRemoved", fast[^1].Split(' ')[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"exploded","resourceUrl":"/communications/calls/c1","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c1","state":"incoming","direction":"incoming"}}]}""")]
    [InlineData("""{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c1","state":"incoming","direction":"incoming"}}]}""")]
    [InlineData("""{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/c1","resourceData":{"id":"c1","state":"incoming","direction":"incoming"}}]}""")]
    [InlineData("""{"value":[]}""")]
    public void Process_MalformedBatch_IsStillRefusedWithTheFastPathOn(string body)
    {
        var (platform, _) = CreatePlatform();
        var processor = new GraphNotificationProcessor(() => platform.Client, NullLogger.Instance, fastPath: true);

        var result = processor.Process(OfflineGraph.CallbackUrl, body, OfflineGraph.Tenant, Guid.NewGuid(), Guid.NewGuid());

        Assert.Equal(NotificationResultKind.Malformed, result.Kind);
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private async Task<List<string>> RunLifecycleAsync(bool fastPath)
    {
        var (platform, sink) = CreatePlatform();
        var processor = new GraphNotificationProcessor(() => platform.Client, NullLogger.Instance, fastPath);
        foreach (var body in new[] { NotificationBodies.IncomingFromEmulator, Updated("establishing"), Updated("established"), Deleted() })
        {
            Assert.NotNull(CallNotificationReader.TryRead(body));
            var result = processor.Process(OfflineGraph.CallbackUrl, body, OfflineGraph.Tenant, Guid.NewGuid(), Guid.NewGuid());
            Assert.Equal(NotificationResultKind.Accepted, result.Kind);
        }

        await Eventually.UntilAsync(() => sink.Events.Any(e => e.StartsWith("CallRemoved", StringComparison.Ordinal)), $"call removed ({(fastPath ? "fast path" : "SDK reader")})");
        return [.. sink.Events];
    }

    private (GraphCallingPlatform Platform, RecordingSink Sink) CreatePlatform()
    {
        var core = new ServiceCollection().AddCallingBotCore().BuildServiceProvider();
        _owned.Add(core);
        var platform = OfflineGraph.CreatePlatform(NullLoggerFactory.Instance, core.GetRequiredService<ICallRegistry>());
        _owned.Add(platform);
        var sink = new RecordingSink();
        platform.Attach(sink);
        platform.Initialize(OfflineGraph.CallbackUrl);
        return (platform, sink);
    }

    private static string Updated(string state) =>
        $$$$"""{"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/{{{{CallId}}}}","resourceData":{"@odata.type":"#microsoft.graph.call","id":"{{{{CallId}}}}","state":"{{{{state}}}}","direction":"incoming","myParticipantId":"eda0b2e1-3bf5-4926-904a-e892b2af4cd0","mediaState":{"@odata.type":"#microsoft.graph.callMediaState","audio":"active"}}}]}""";

    private static string Deleted() =>
        $$$$"""{"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"deleted","resourceUrl":"/communications/calls/{{{{CallId}}}}","resourceData":{"@odata.type":"#microsoft.graph.call","id":"{{{{CallId}}}}","state":"terminated","resultInfo":{"@odata.type":"#microsoft.graph.resultInfo","code":200,"subcode":0,"message":"The caller hung up."}}}]}""";

    /// <summary>Records every event the platform raises, in order, as text (without the clock's reading of arrival).</summary>
    private sealed class RecordingSink : ICallEventSink
    {
        private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

        public ConcurrentQueue<string> Events { get; } = new();

        public void OnIncomingCall(IPlatformCall call, IncomingCallInfo info) =>
            Events.Enqueue("incoming " + JsonSerializer.Serialize(info with { ReceivedAt = default }, Json));

        public void OnCallEvent(CallEvent callEvent) =>
            Events.Enqueue(callEvent.GetType().Name + " " + JsonSerializer.Serialize(callEvent, callEvent.GetType(), Json));

        public bool OnParticipantJoining(string callId, ParticipantInfo participant) => false;
    }
}
