using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.AspNetCore.Hosting;
using CallingBot.AspNetCore.Telemetry;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.Telemetry;

/// <summary>The Prometheus scrape endpoint over real HTTP: served in local mode, counting exactly the calls placed.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class PrometheusEndpointTests
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    [Fact]
    public async Task Metrics_AfterThreeAnsweredCalls_ScrapeCountsThreeAnswersAndTheirLatency()
    {
        const int Calls = 3;
        var handlers = new ConcurrentQueue<RecordingHandler>();
        await using var bot = await BotHost.StartAsync(new DelegateRouter(_ =>
        {
            var handler = new RecordingHandler();
            handlers.Enqueue(handler);
            return CallDecision.Answer(handler);
        }));
        var ids = new List<string>();
        for (var i = 0; i < Calls; i++)
        {
            ids.Add(await bot.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId }));
        }

        await Eventually.UntilAsync(() => handlers.Count(h => h.Established.Task.IsCompleted) == Calls, "every call was established");
        using var client = bot.CreateClient();
        using (var unauthenticated = await client.PostAsync("/api/calling", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        }

        var scrape = await ScrapeAsync(client);

        Assert.Equal(Calls, Value(scrape, "callingbot_calls_incoming_total"));
        Assert.Equal(Calls, Value(scrape, "callingbot_calls_decisions_total", "outcome=\"answered\""));
        Assert.Equal(Calls, Value(scrape, "callingbot_calls_active"));
        Assert.Equal(Calls, Value(scrape, "callingbot_calls_answer_latency_seconds_count"));
        Assert.InRange(Value(scrape, "callingbot_calls_answer_latency_seconds_sum"), 0.0001, Calls * 15);
        Assert.Equal(1, Value(scrape, "callingbot_callbacks_auth_failures_total", "reason=\"missing-token\""));
        Assert.Equal(1, Value(scrape, "callingbot_callbacks_duration_seconds_count", "http_response_status_code=\"401\""));
        Assert.True(Value(scrape, "callingbot_callbacks_duration_seconds_count", "http_response_status_code=\"202\"") >= Calls * 2, "each call's created and established notifications were timed");
        Assert.Contains("dotnet_gc_collections_total", scrape, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket", scrape, StringComparison.Ordinal);

        foreach (var id in ids)
        {
            await bot.Emulator.Control.HangUpAsync(id);
        }

        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "every call ended");
        scrape = await ScrapeAsync(client);
        Assert.Equal(0, Value(scrape, "callingbot_calls_active"));
        Assert.Equal(Calls, Value(scrape, "callingbot_calls_ended_total"));
    }

    [Fact]
    public async Task Metrics_AfterAnAppHostedEchoCall_ScrapeCountsItsMediaFramesAndJitter()
    {
        var handler = new Media.EchoMediaHandler();
        await using var bot = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Answer(handler, Core.Calls.MediaHosting.AppHosted)));
        var control = bot.Emulator.Control;
        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId });
        control.Media.SetSource(callId, null, CallingBot.Emulator.Media.MediaSourceSpec.Tone(1000, -20));
        var media = await Eventually.WithinAsync(handler.Connected.Task, "the handler gets the call's media");
        await control.Media.WaitForMediaAsync(callId, s => s.FramesReceived >= 2 * CallingBot.Media.Diagnostics.MediaMetrics.JitterSampleInterval + 10, "two seconds of echoed frames");
        await control.HangUpAsync(callId);
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "the call ended");
        using var client = bot.CreateClient();

        var scrape = await ScrapeAsync(client);

        var received = media.Statistics.FramesReceived;
        Assert.True(received >= 2 * CallingBot.Media.Diagnostics.MediaMetrics.JitterSampleInterval, $"the call received {received} frames");
        Assert.True(Value(scrape, "callingbot_media_frames_received_total", "kind=\"audio\"") >= received, "the scrape counts every frame the call received");
        Assert.True(Value(scrape, "callingbot_media_frames_sent_total") >= media.Statistics.FramesSent, "the scrape counts every frame the call sent");
        Assert.True(Value(scrape, "callingbot_media_jitter_seconds_count") >= 2, "jitter was sampled once per second of audio");
        Assert.Contains("callingbot_media_jitter_seconds_bucket{", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_Disabled_NotServed()
    {
        await using var bot = await BotHost.StartAsync(settings: new Dictionary<string, string?> { ["CallingBot:Telemetry:Prometheus:Enabled"] = "false" });
        using var client = bot.CreateClient();

        using var response = await client.GetAsync(PrometheusEndpointOptions.Path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_RequireApiAccess_RefusesWithoutTheKeyAndServesWithIt()
    {
        const string Key = "metrics-test-key-0123456789";
        await using var bot = await BotHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CallingBot:Telemetry:Prometheus:RequireApiAccess"] = "true",
            ["CallingBot:Api:ApiKey"] = Key,
        });
        using var client = bot.CreateClient();

        using (var anonymous = await client.GetAsync(PrometheusEndpointOptions.Path))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, PrometheusEndpointOptions.Path);
        request.Headers.Add("X-Api-Key", Key);
        using var authorized = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
    }

    [Fact]
    public async Task CreateAsync_RealModeByDefault_ServesNoMetricsAndRecordsNoSpans()
    {
        var app = await CallingBotApplication.CreateAsync(["--urls", "https://127.0.0.1:0"], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CallingBot:Mode"] = "Real",
            ["CallingBot:Graph:AppId"] = "2a3b4c5d-0000-4000-8000-000000000001",
            ["CallingBot:Logging:MinimumLevel"] = "Fatal",
        }));
        await using var _ = app;

        Assert.Equal(new TelemetrySetup(Tracing: false, Metrics: false, Prometheus: false), app.Services.GetRequiredService<TelemetrySetup>());
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync(PrometheusEndpointOptions.Path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of the one sample of <paramref name="metric"/> whose labels contain <paramref name="label"/>.</summary>
    internal static double Value(string scrape, string metric, string? label = null)
    {
        var samples = scrape.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(line => label is null || line.Contains(label, StringComparison.Ordinal))
            .ToList();
        var sample = Assert.Single(samples);
        var afterLabels = sample[(sample.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : metric.Length)..].Trim();
        return double.Parse(afterLabels.Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
