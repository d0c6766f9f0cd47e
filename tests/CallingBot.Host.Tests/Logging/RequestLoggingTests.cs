using System.Net;
using CallingBot.AspNetCore.Logging;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.AspNetCore.Http;
using Serilog.Events;

namespace CallingBot.Host.Tests.Logging;

/// <summary>The request line of Serilog.AspNetCore's request logging, as the bot configures it.</summary>
public sealed class RequestLoggingTests
{
    [Theory]
    [InlineData("/api/calling", 202, false, LogEventLevel.Information)]
    [InlineData("/api/v1/calls", 401, false, LogEventLevel.Information)]
    [InlineData("/health/ready", 200, false, LogEventLevel.Debug)]
    [InlineData("/health/ready", 503, false, LogEventLevel.Error)]
    [InlineData("/api/v1/calls", 500, false, LogEventLevel.Error)]
    [InlineData("/api/v1/calls", 200, true, LogEventLevel.Error)]
    [InlineData("/healthy", 200, false, LogEventLevel.Information)]
    public void Level_ByPathStatusAndFailure(string path, int status, bool threw, LogEventLevel expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Response.StatusCode = status;

        Assert.Equal(expected, RequestLogging.Level(context, 1.0, threw ? new InvalidOperationException() : null));
    }

    [Fact]
    public async Task TextConsole_CallRouteWithQuerySecret_LogsStatusPathWithoutQueryAndTheCallId()
    {
        var console = new LogCapture();
        await using (var bot = await BotHost.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["CallingBot:Logging:MinimumLevel"] = "Information",
                ["CallingBot:Api:ApiKey"] = "request-logging-tests-key",
            },
            consoleLog: console))
        {
            using var client = bot.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/calls/call-7f3a?token=query-secret-value", UriKind.Relative));
            request.Headers.Add("X-Api-Key", "request-logging-tests-key");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            await Eventually.UntilAsync(() => console.Lines.Any(l => l.Contains("RequestLoggingMiddleware", StringComparison.Ordinal) && l.Contains("/api/v1/calls/call-7f3a", StringComparison.Ordinal)), "the request line is written");
        }

        var line = Assert.Single(console.Lines, l => l.Contains("RequestLoggingMiddleware", StringComparison.Ordinal) && l.Contains("/api/v1/calls/call-7f3a", StringComparison.Ordinal));
        Assert.Matches(@"^\[\d\d:\d\d:\d\d\.\d{3} INF\] Serilog\.AspNetCore\.RequestLoggingMiddleware \[call call-7f3a\]( \[trace [0-9a-f]+ span [0-9a-f]+\])?: HTTP GET /api/v1/calls/call-7f3a responded 404 in \d+\.\d ms$", line);
        Assert.DoesNotContain("query-secret-value", console.Text, StringComparison.Ordinal);
    }
}
