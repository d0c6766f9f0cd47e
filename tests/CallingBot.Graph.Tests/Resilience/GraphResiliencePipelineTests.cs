using System.Net;
using System.Text;
using CallingBot.Graph.Configuration;
using CallingBot.Graph.Resilience;
using CallingBot.Testing;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace CallingBot.Graph.Tests.Resilience;

public sealed class GraphResiliencePipelineTests
{
    private const string Calls = "https://graph.example/v1.0/communications/calls";

    [Fact]
    public async Task Throttled_WaitsForRetryAfterOnTheClockThenRetries()
    {
        var time = new TimerCountingTimeProvider(TestTime.Start);
        var server = new ScriptedServer(Respond(HttpStatusCode.TooManyRequests, retryAfterSeconds: 3), Respond(HttpStatusCode.Accepted));
        using var client = Client(server, time, new GraphResilienceOptions());

        var sending = client.PostAsync($"{Calls}/c1/answer", Json("{}"));
        await Eventually.UntilAsync(() => server.Attempts == 1 && time.ArmedTimerCount >= 2, "first attempt answered 429 and the Retry-After wait armed");
        time.Advance(TimeSpan.FromSeconds(2.9));
        var attemptsBeforeRetryAfter = server.Attempts;
        time.Advance(TimeSpan.FromMilliseconds(100));
        using var response = await sending;

        Assert.Equal(1, attemptsBeforeRetryAfter);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(2, server.Attempts);
    }

    [Fact]
    public async Task ServerError_OnCreateCall_IsNotRepeated()
    {
        var server = new ScriptedServer(Respond(HttpStatusCode.InternalServerError), Respond(HttpStatusCode.Created));
        using var client = Client(server, TimeProvider.System, Fast());

        using var response = await client.PostAsync(Calls, Json("""{"targets":[]}"""));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(1, server.Attempts);
    }

    [Theory]
    [InlineData("DELETE", "/c1", null)]
    [InlineData("POST", "/c1/playPrompt", """{"clientContext":"abc","prompts":[]}""")]
    [InlineData("POST", "/c1/answer", """{"acceptedModalities":["audio"]}""")]
    public async Task ServerError_OnOperationSafeToRepeat_IsRetried(string method, string path, string? body)
    {
        var server = new ScriptedServer(Respond(HttpStatusCode.BadGateway), Respond(HttpStatusCode.OK));
        using var client = Client(server, TimeProvider.System, Fast());
        using var request = new HttpRequestMessage(new HttpMethod(method), Calls + path) { Content = body is null ? null : Json(body) };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.Attempts);
    }

    [Fact]
    public async Task RetryAfterLongerThanAllowed_IsNotWaitedFor()
    {
        var server = new ScriptedServer(Respond(HttpStatusCode.ServiceUnavailable, retryAfterSeconds: 60), Respond(HttpStatusCode.OK));
        using var client = Client(server, TimeProvider.System, Fast());

        using var response = await client.DeleteAsync($"{Calls}/c1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, server.Attempts);
    }

    [Fact]
    public async Task HangUp_IsRetriedBeyondTheOrdinaryAttemptLimit()
    {
        var server = new ScriptedServer([.. Enumerable.Repeat(Respond(HttpStatusCode.ServiceUnavailable), 6), Respond(HttpStatusCode.NoContent)]);
        var options = Fast();
        options.MaxRetryAttempts = 2;
        using var client = Client(server, TimeProvider.System, options);

        using var response = await client.DeleteAsync($"{Calls}/c1");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(7, server.Attempts);
    }

    [Fact]
    public async Task Retries_AreCountedAndTheBreakerOpensAfterRepeatedFailures()
    {
        var metrics = new GraphResilienceMetrics();
        var server = new ScriptedServer([.. Enumerable.Repeat(Respond(HttpStatusCode.ServiceUnavailable), 100)]);
        var options = Fast();
        options.MaxRetryAttempts = 1;
        options.BreakerMinimumThroughput = 4;
        using var client = Client(server, TimeProvider.System, options, metrics);

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync($"{Calls}/c1");
        }

        Assert.Equal(1, metrics.BreakerState);
        Assert.Equal(4, server.Attempts);
        metrics.Dispose();
    }

    [Fact]
    public void Validate_BudgetBeyondTheServiceDeadline_NamesTheSetting()
    {
        var options = new GraphResilienceOptions { TotalTimeout = TimeSpan.FromSeconds(20), MaxRetryAttempts = -1, BreakerFailureRatio = 0 };

        var errors = options.Validate("CallingBot:Graph:Resilience").ToList();

        Assert.Contains(errors, e => e.StartsWith("CallingBot:Graph:Resilience:TotalTimeout must be positive and at most 14 seconds", StringComparison.Ordinal));
        Assert.Contains("CallingBot:Graph:Resilience:MaxRetryAttempts must be between 0 and 20.", errors);
        Assert.Contains("CallingBot:Graph:Resilience:BreakerFailureRatio must be greater than 0 and at most 1.", errors);
        Assert.Empty(new GraphResilienceOptions().Validate("x"));
    }

    private static GraphResilienceOptions Fast() => new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static Func<HttpResponseMessage> Respond(HttpStatusCode status, int? retryAfterSeconds = null) => () =>
    {
        var response = new HttpResponseMessage(status);
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        return response;
    };

    private static HttpClient Client(ScriptedServer server, TimeProvider time, GraphResilienceOptions options, GraphResilienceMetrics? metrics = null)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        GraphResiliencePipeline.Configure(builder, options, metrics ?? new GraphResilienceMetrics(), NullLogger.Instance, time);
        var resilience = new ResilienceHandler(builder.Build()) { InnerHandler = server };
        return new HttpClient(new ResilienceRejectionHandler { InnerHandler = resilience });
    }

    private sealed class ScriptedServer(params Func<HttpResponseMessage>[] responses) : HttpMessageHandler
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var index = Interlocked.Increment(ref _attempts) - 1;
            var response = responses[Math.Min(index, responses.Length - 1)]();
            response.RequestMessage = request;
            return Task.FromResult(response);
        }
    }
}
