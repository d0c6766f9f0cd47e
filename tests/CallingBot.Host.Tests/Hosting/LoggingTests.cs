using System.Text.Json;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;

namespace CallingBot.Host.Tests.Hosting;

public sealed class LoggingTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "callingbot-logs-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task JsonFileLog_ForACall_CarriesTheCallIdAndNoSecrets()
    {
        var handler = new RecordingHandler();
        var path = Path.Combine(_directory, "bot-.log");
        string callId;
        await using (var bot = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Answer(handler)), new Dictionary<string, string?>
        {
            ["CallingBot:Logging:MinimumLevel"] = "Information",
            ["CallingBot:Logging:Format"] = "Json",
            ["CallingBot:Logging:FilePath"] = path,
        }))
        {
            callId = await bot.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698" });
            await Eventually.WithinAsync(handler.Established.Task, "call established");
            await bot.Emulator.Control.HangUpAsync(callId);
            await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "call removed");
        }

        var file = Assert.Single(Directory.GetFiles(_directory));
        var lines = File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var callLines = lines.Where(l => l.TryGetProperty("SourceContext", out var source) && source.GetString() == "CallingBot.Core.Manager.CallManager").ToList();
        Assert.NotEmpty(callLines);
        Assert.All(callLines, l => Assert.Equal(callId, l.GetProperty("CallId").GetString()));
        Assert.Contains(callLines, l => l.GetProperty("@m").GetString()!.StartsWith("Decision", StringComparison.Ordinal));
        var text = File.ReadAllText(file);
        Assert.DoesNotContain("eyJ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ClientSecret", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextConsoleLog_InsideTheCallsSpans_CarriesTheirTraceAndSpanIds()
    {
        using var spans = new SpanRecorder(CallingBot.Core.Diagnostics.CallingBotActivity.SourceName);
        var handler = new RecordingHandler();
        var console = new StringWriter();
        var synchronized = TextWriter.Synchronized(console);
        string callId;
        await using (var bot = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Answer(handler)), new Dictionary<string, string?>
        {
            ["CallingBot:Logging:MinimumLevel"] = "Information",
        }, consoleLog: synchronized))
        {
            callId = await bot.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698" });
            await Eventually.WithinAsync(handler.Established.Task, "call established");
            await bot.Emulator.Control.HangUpAsync(callId);
            await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "call removed");
        }

        var decision = Assert.Single(spans.Find("call.decision", CallingBot.Core.Diagnostics.CallingBotActivity.CallIdTag, callId));
        string[] lines;
        lock (synchronized)
        {
            lines = console.ToString().Split('\n');
        }

        var decisionLine = Assert.Single(lines, l => l.Contains($"[call {callId}]", StringComparison.Ordinal) && l.Contains(": Decision", StringComparison.Ordinal));
        Assert.Contains($" [trace {decision.TraceId.ToHexString()} span ", decisionLine, StringComparison.Ordinal);
        Assert.Matches(@"\] CallingBot\.Core\.Manager\.CallManager \[call [^\]]+\] \[trace [0-9a-f]{32} span [0-9a-f]{16}\]: Decision", decisionLine);
        Assert.Contains(lines, l => !l.Contains("[trace ", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
