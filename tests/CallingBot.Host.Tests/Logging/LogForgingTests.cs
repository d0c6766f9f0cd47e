using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallingBot.Core.Calls;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;

namespace CallingBot.Host.Tests.Logging;

/// <summary>
/// Unauthenticated requests whose paths carry encoded line breaks (and other control characters) against the real
/// host: every log event stays one line in the text console, and the JSON console stays one object per line.
/// </summary>
public sealed partial class LogForgingTests
{
    private const string Forged = "[05:00:00.000 ERR] FORGED";
    private const string ApiPath = "/api/v1/x%0d%0a[05:00:00.000%20ERR]%20FORGED%1b[31m%e2%80%a8end";
    private const string MediaPath = "/media/abc%0d%0a[05:00:00.000%20ERR]%20FORGED";

    [Fact]
    public async Task TextConsole_PathsWithLineBreaks_EveryEventIsOneLineAndNoneIsForged()
    {
        var console = new LogCapture();
        await using (var bot = await StartAsync("Text", console))
        {
            await SendForgingRequestsAsync(bot);
            await Eventually.UntilAsync(() => console.Lines.Count(l => l.Contains("RequestLoggingMiddleware", StringComparison.Ordinal)) >= 2, "both requests logged");
        }

        var lines = console.Lines;
        Assert.All(lines, line => Assert.Matches(EventStart(), line));
        Assert.DoesNotContain(lines, line => line.StartsWith(Forged, StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains(@"HTTP GET /api/v1/x\r\n[05:00:00.000 ERR] FORGED\u001b[31m\u2028end responded 401", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains(@"API request GET /api/v1/x\r\n[05:00:00.000 ERR] FORGED\u001b[31m\u2028end denied with 401", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains(@"Media connection refused for session abc\r\n[05:00:00.000 ERR] FORGED: not a WebSocket request", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains(@"HTTP GET /media/abc\r\n[05:00:00.000 ERR] FORGED responded 400", StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', console.Text);
    }

    [Fact]
    public async Task JsonConsole_PathsWithLineBreaks_OneJsonObjectPerLine()
    {
        var console = new LogCapture();
        await using (var bot = await StartAsync("Json", console))
        {
            await SendForgingRequestsAsync(bot);
            await Eventually.UntilAsync(() => console.Lines.Count(l => l.Contains("RequestLoggingMiddleware", StringComparison.Ordinal)) >= 2, "both requests logged");
        }

        var events = console.Lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.All(events, e => Assert.Equal(JsonValueKind.Object, e.ValueKind));
        var paths = events
            .Where(e => e.TryGetProperty("SourceContext", out var source) && source.GetString() == "Serilog.AspNetCore.RequestLoggingMiddleware")
            .Select(e => e.GetProperty("RequestPath").GetString())
            .ToList();
        Assert.Equal([@"/api/v1/x\r\n[05:00:00.000 ERR] FORGED\u001b[31m\u2028end", @"/media/abc\r\n[05:00:00.000 ERR] FORGED"], paths);
        Assert.DoesNotContain(events, e => e.GetProperty("@m").GetString()!.Contains('\n', StringComparison.Ordinal));
    }

    [Fact]
    public async Task TextConsole_HandlerExceptionWithWireInputAndSecrets_IsEscapedAndMasked()
    {
        var console = new LogCapture();
        var handler = new ThrowingHandler();
        string callId;
        await using (var bot = await StartAsync("Text", console, new DelegateRouter(_ => CallDecision.Answer(handler))))
        {
            callId = await bot.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest
            {
                AppId = bot.AppId,
                FromUserId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698",
                FromDisplayName = $"Mallory\r\n{Forged} eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl +14255550123",
            });
            await Eventually.UntilAsync(() => console.Text.Contains("failed in OnEstablished", StringComparison.Ordinal), "handler failure logged");
            await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "call hung up after the handler failed");
        }

        var lines = console.Lines;
        Assert.DoesNotContain(lines, line => line.StartsWith(Forged, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.TrimStart().StartsWith(Forged, StringComparison.Ordinal));
        Assert.DoesNotContain("eyJ", console.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("+14255550123", console.Text, StringComparison.Ordinal);
        var failure = Assert.Single(lines, line => line.StartsWith("System.InvalidOperationException: ", StringComparison.Ordinal));
        Assert.Equal(@"System.InvalidOperationException: No greeting for Mallory\r\n[05:00:00.000 ERR] FORGED [jwt redacted] +1425*****23", failure);
        Assert.Contains(lines, line => line.StartsWith("   at ", StringComparison.Ordinal) && line.Contains(nameof(ThrowingHandler), StringComparison.Ordinal));
        Assert.All(lines, line => Assert.True(EventStart().IsMatch(line) || line.StartsWith("System.InvalidOperationException: ", StringComparison.Ordinal) || char.IsWhiteSpace(line[0]) || line[0] == '-', $"Line neither starts an event nor continues one: {line}"));
    }

    private static async Task<BotHost> StartAsync(string format, LogCapture console, IIncomingCallRouter? router = null) =>
        await BotHost.StartAsync(
            router,
            new Dictionary<string, string?>
            {
                ["CallingBot:Logging:MinimumLevel"] = "Information",
                ["CallingBot:Logging:Format"] = format,
                ["CallingBot:Api:ApiKey"] = "log-forging-tests-key",
            },
            consoleLog: console);

    private static async Task SendForgingRequestsAsync(BotHost bot)
    {
        using var client = bot.CreateClient();
        using (var denied = await client.GetAsync(new Uri(ApiPath, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        }

        using var refused = await client.GetAsync(new Uri(MediaPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    /// <summary>How every event of the text console begins: <c>[HH:mm:ss.fff LVL] Source</c>.</summary>
    [GeneratedRegex(@"^\[\d\d:\d\d:\d\d\.\d{3} (VRB|DBG|INF|WRN|ERR|FTL)\] [A-Za-z]")]
    private static partial Regex EventStart();

    private sealed class ThrowingHandler : Core.Handlers.CallHandler
    {
        public override Task OnEstablishedAsync(Core.Handlers.ICallContext call, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"No greeting for {call.Incoming?.Caller.DisplayName}");
    }
}
