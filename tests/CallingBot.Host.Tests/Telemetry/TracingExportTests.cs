using System.Diagnostics;
using System.Text.Json;
using CallingBot.Core.Diagnostics;
using CallingBot.Emulator.Control;
using CallingBot.AspNetCore.Diagnostics;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;
using OpenTelemetry.Trace;

namespace CallingBot.Host.Tests.Telemetry;

/// <summary>
/// The host's OpenTelemetry tracing, collected with the in-memory exporter: one call reads as one trace, from the
/// callback through the routing decision and the Graph request down to the SDK's HTTP request, and the logs written
/// inside those spans carry their trace and span ids.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TracingExportTests
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    [Fact]
    public async Task IncomingCall_TracingOn_CallbackDecisionGraphRequestAndHttpClientSpanShareOneTrace()
    {
        var exported = new ExportedItems<Activity>();
        await using var bot = await BotHost.StartAsync(
            settings: new Dictionary<string, string?> { ["CallingBot:Telemetry:Tracing"] = "true" },
            services: services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported)));

        var callId = await bot.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId });
        await Eventually.UntilAsync(() => exported.Snapshot().Any(s => s.OperationName == CallingBotActivity.CallEventSpan && Tag(s, CallingBotActivity.CallIdTag) == callId && Tag(s, CallingBotActivity.StateTag) == "Established"), "the established event's span was exported");

        var spans = exported.Snapshot();
        var decision = Assert.Single(spans, s => s.OperationName == CallingBotActivity.CallDecisionSpan && Tag(s, CallingBotActivity.CallIdTag) == callId);
        var callback = Assert.Single(spans, s => s.OperationName == CallingBotActivity.CallbackSpan && s.SpanId == decision.ParentSpanId);
        Assert.Equal(callId, Tag(callback, CallingBotActivity.CallIdTag));
        var answer = Assert.Single(spans, s => s.OperationName == CallingBotActivity.GraphRequestSpan && s.ParentSpanId == decision.SpanId);
        Assert.Equal("answer", Tag(answer, CallingBotActivity.OperationTag));
        var http = Assert.Single(spans, s => s.Kind == ActivityKind.Client && s.ParentSpanId == answer.SpanId);
        Assert.Equal("POST", http.GetTagItem("http.request.method"));
        Assert.EndsWith($"/communications/calls/{callId}/answer", (string)http.GetTagItem("url.full")!, StringComparison.Ordinal);
        Assert.All(new[] { callback, decision, answer, http }, s => Assert.Equal(callback.TraceId, s.TraceId));

        // ASP.NET Core's request span is the callback's parent: the webhook request is in the trace too.
        var request = Assert.Single(spans, s => s.Kind == ActivityKind.Server && s.SpanId == callback.ParentSpanId);
        Assert.Equal("/api/calling", request.GetTagItem("url.path"));

        await bot.Emulator.Control.HangUpAsync(callId);
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "the call ends before the host stops");
    }

    [Fact]
    public async Task IncomingCall_TracingOn_HandlerLogCarriesTheTraceAndSpanOfItsEvent()
    {
        var exported = new ExportedItems<Activity>();
        var console = new StringWriter();
        var synchronized = TextWriter.Synchronized(console);
        string callId;
        await using (var bot = await BotHost.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["CallingBot:Telemetry:Tracing"] = "true",
                ["CallingBot:Logging:MinimumLevel"] = "Information",
                ["CallingBot:Logging:Format"] = "Json",
            },
            services: services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported)),
            consoleLog: synchronized))
        {
            // No router: the default handler answers and logs "established" inside the event's span.
            callId = await bot.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId });
            await Eventually.UntilAsync(() => exported.Snapshot().Any(s => s.OperationName == CallingBotActivity.CallEventSpan && Tag(s, CallingBotActivity.CallIdTag) == callId && Tag(s, CallingBotActivity.StateTag) == "Established"), "the established event's span was exported");
            await bot.Emulator.Control.HangUpAsync(callId);
            await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "the call ended");
        }

        var established = Assert.Single(exported.Snapshot(), s => s.OperationName == CallingBotActivity.CallEventSpan && Tag(s, CallingBotActivity.CallIdTag) == callId && Tag(s, CallingBotActivity.StateTag) == "Established");
        var lines = console.ToString()!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var log = Assert.Single(lines, l => l.TryGetProperty("EventId", out var eventId) && eventId.GetProperty("Id").GetInt32() == AspNetCoreEventIds.DefaultHandlerEstablished
            && l.TryGetProperty("CallId", out var id) && id.GetString() == callId);
        Assert.Equal(established.TraceId.ToHexString(), log.GetProperty("TraceId").GetString());
        Assert.Equal(established.SpanId.ToHexString(), log.GetProperty("SpanId").GetString());
    }

    private static string? Tag(Activity span, string name) => span.GetTagItem(name) as string;
}
