using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using CallingBot.Core.Registry;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.Graph.Calling;
using CallingBot.Graph.Notifications;
using CallingBot.AspNetCore.Callbacks;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallingBot.Host.Tests.Callbacks;

/// <summary>
/// What one captured callback token can do against the real host: at most MaxRequestsPerToken requests per window,
/// and never the same processed notification twice; a notification whose processing failed is processed on retry.
/// </summary>
public sealed class CallbackTokenLimitsTests : IDisposable
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private readonly string _logDirectory = Path.Combine(Path.GetTempPath(), "callingbot-limits-" + Guid.NewGuid().ToString("N"));
    private readonly TestTokenIssuer _issuer = new();

    private Task<BotHost> StartAsync(RecordingHandler handler, Dictionary<string, string?>? settings = null) =>
        BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Answer(handler)), settings, services => services
            .AddHttpClient(CallbackTokenValidator.MetadataHttpClient)
            .AddHttpMessageHandler(() => new JwksAugmentingHandler(_issuer)));

    private string Token(BotHost bot, string uti)
    {
        var tenant = bot.Local.Options.TenantId;
        var claims = TestTokenIssuer.ValidClaims(bot.AppId, bot.Emulator.GetIssuer(tenant), tenant, DateTimeOffset.UtcNow);
        claims["uti"] = uti;
        return _issuer.Sign(claims);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string token, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/calling") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return await client.SendAsync(request);
    }

    private static string UnknownCallUpdate(string? etag = null)
    {
        var id = Guid.NewGuid().ToString();
        var data = etag is null
            ? HostileCallbackCases.CallData(id, "established")
            : $$"""{"@odata.type":"#microsoft.graph.call","@odata.etag":"{{etag}}","id":"{{id}}","state":"established"}""";
        return HostileCallbackCases.Envelope("updated", $"/communications/calls/{id}", data);
    }

    [Fact]
    public async Task Callback_TokenBeyondItsLimit_Gets429WithRetryAfterAndIsLoggedOnce()
    {
        var logFile = Path.Combine(_logDirectory, "bot-.log");
        await using (var bot = await StartAsync(new RecordingHandler(), new Dictionary<string, string?>
        {
            ["CallingBot:Callbacks:MaxRequestsPerToken"] = "5",
            ["CallingBot:Logging:Format"] = "Json",
            ["CallingBot:Logging:FilePath"] = logFile,
        }))
        {
            using var client = bot.CreateClient();
            using var throttled = new CounterRecorder(bot, "callingbot.callbacks.throttled");
            var token = Token(bot, "limited-token");

            var allowed = new List<HttpStatusCode>();
            for (var i = 0; i < 5; i++)
            {
                using var response = await PostAsync(client, token, UnknownCallUpdate());
                allowed.Add(response.StatusCode);
            }

            using var refused = await PostAsync(client, token, UnknownCallUpdate());
            using var refusedAgain = await PostAsync(client, token, UnknownCallUpdate());
            using var otherToken = await PostAsync(client, Token(bot, "another-token"), UnknownCallUpdate());

            Assert.All(allowed, status => Assert.Equal(HttpStatusCode.Accepted, status));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, refusedAgain.StatusCode);
            var retryAfter = refused.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Equal(HttpStatusCode.Accepted, otherToken.StatusCode);
            Assert.Equal(2, throttled.Total);
        }

        var lines = File.ReadAllLines(Assert.Single(Directory.GetFiles(_logDirectory)));
        var warnings = lines.Where(l => l.Contains("\"CallbackTokenThrottled\"", StringComparison.Ordinal)).ToList();
        Assert.Single(warnings);
        Assert.DoesNotContain("limited-token", warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Callback_SameTokenPresentsAProcessedNotificationAgain_IsAcceptedWithoutProcessing()
    {
        var handler = new RecordingHandler();

        // The updates below name a call nobody holds; asking the service about it would mark it ended and hide the replay.
        await using var bot = await StartAsync(handler, new Dictionary<string, string?> { ["CallingBot:Recovery:ReconcileUnknownCalls"] = "false" });
        using var client = bot.CreateClient();
        using var replays = new CounterRecorder(bot, "callingbot.callbacks.replays");
        var control = bot.Emulator.Control;
        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId });
        await Eventually.WithinAsync(handler.Established.Task, "the live call is established");

        // A policy-group participant asking to join: the SDK answers it synchronously, so processing shows in the
        // response (200 with a participantJoiningResponse) and in the call's recent events.
        var joining = HostileCallbackCases.Envelope("updated", $"/communications/calls/{callId}", $$$$"""
            {"@odata.type":"#microsoft.graph.participantJoiningNotification","call":{"@odata.type":"#microsoft.graph.call","id":"{{{{callId}}}}","state":"established",
            "source":{"@odata.type":"#microsoft.graph.participantInfo","id":"joiner-1","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","id":"joiner-user","displayName":"Joiner"}}},
            "incomingContext":{"@odata.type":"#microsoft.graph.incomingContext","sourceParticipantId":"joiner-1","observedParticipantId":"joiner-1"}}}
            """);
        var token = Token(bot, "captured-token");
        int JoiningEvents() => bot.Manager.GetCall(callId)!.RecentEvents.Count(e => e.Kind == "participant-joining");

        using var first = await PostAsync(client, token, joining);
        var answer = await first.Content.ReadAsStringAsync();
        using var replayed = await PostAsync(client, token, joining);
        var afterReplay = JoiningEvents();
        using var sameBodyNewToken = await PostAsync(client, Token(bot, "next-token"), joining);
        var update = UnknownCallUpdate(etag: "W/\\\"3\\\"");
        using var update1 = await PostAsync(client, token, update);
        using var update2 = await PostAsync(client, token, update);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("JoinResponse", answer, StringComparison.OrdinalIgnoreCase);

        // The replay is not processed again, yet gets the first answer (what a genuine retry after a lost response needs).
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(answer, await replayed.Content.ReadAsStringAsync());
        Assert.Equal(1, afterReplay);
        Assert.Equal(HttpStatusCode.OK, sameBodyNewToken.StatusCode);
        Assert.Equal(2, JoiningEvents());

        // A versioned notification answered without content is answered 202 again, without content.
        Assert.Equal(HttpStatusCode.Accepted, update1.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, update2.StatusCode);
        Assert.Equal(string.Empty, await update2.Content.ReadAsStringAsync());
        Assert.Equal(2, replays.Total);

        await control.HangUpAsync(callId);
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "the call ends before the host stops");
    }

    [Fact]
    public async Task Callback_SameTokenPresentsARosterThatRecurs_IsProcessedEachTime()
    {
        // A full roster is a snapshot: Bob joins and leaves, and the roster after he left is byte for byte the one
        // before he joined. Graph sends all three with the same token; the third must be processed.
        var handler = new RecordingHandler();
        await using var bot = await StartAsync(handler);
        using var client = bot.CreateClient();
        using var replays = new CounterRecorder(bot, "callingbot.callbacks.replays");
        var control = bot.Emulator.Control;
        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId });
        await Eventually.WithinAsync(handler.Established.Task, "the live call is established");
        await Eventually.WithinAsync(control.WaitForDeliveriesAsync(callId), "the emulator's own notifications are delivered");
        static string Participant(string id, string user) =>
            $$$$"""{"@odata.type":"#microsoft.graph.participant","id":"{{{{id}}}}","info":{"@odata.type":"#microsoft.graph.participantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","id":"{{{{user}}}}","displayName":"{{{{user}}}}"}}},"isMuted":false,"isInLobby":false}""";
        string Roster(params string[] participants) =>
            HostileCallbackCases.Envelope("updated", $"/communications/calls/{callId}/participants", "[" + string.Join(',', participants) + "]");
        var alice = Participant("p-alice", AliceId);
        var withoutBob = Roster(alice);
        var withBob = Roster(alice, Participant("p-bob", "bob-user"));
        var token = Token(bot, "roster-token");
        int BobJoined() => handler.Events.Count(e => e == "joined:bob-user");

        using var first = await PostAsync(client, token, withoutBob);
        using var joined = await PostAsync(client, token, withBob);
        await Eventually.UntilAsync(() => BobJoined() == 1, "Bob joins");
        using var left = await PostAsync(client, token, withoutBob);
        await Eventually.UntilAsync(() => handler.Events.Contains("left:bob-user"), "Bob leaves");
        using var rejoined = await PostAsync(client, token, withBob);

        await Eventually.UntilAsync(() => BobJoined() == 2, "Bob joins again with a roster identical to the first one");
        Assert.All(new[] { first, joined, left, rejoined }, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.Equal(0, replays.Total);

        await control.HangUpAsync(callId);
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "the call ends before the host stops");
    }

    [Fact]
    public async Task Callback_RetryOfANotificationWhoseProcessingFailed_IsProcessedAndOnlyThenRemembered()
    {
        // The SDK behind the webhook is a second platform that starts uninitialized: notifications get 503 until it is.
        GraphCallingPlatform? standby = null;
        // The update names a call nobody holds; asking the service about it would mark it ended and hide the replay.
        var noReconciliation = new Dictionary<string, string?> { ["CallingBot:Recovery:ReconcileUnknownCalls"] = "false" };
        await using var bot = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Reject()), noReconciliation, services: services =>
        {
            services.AddHttpClient(CallbackTokenValidator.MetadataHttpClient).AddHttpMessageHandler(() => new JwksAugmentingHandler(_issuer));
            services.AddSingleton(sp => new GraphNotificationProcessor(
                standby = ActivatorUtilities.CreateInstance<GraphCallingPlatform>(sp),
                sp.GetRequiredService<ILogger<GraphNotificationProcessor>>()));
        });
        try
        {
            using var client = bot.CreateClient();
            using var replays = new CounterRecorder(bot, "callingbot.callbacks.replays");
            var token = Token(bot, "retrying-token");
            var body = UnknownCallUpdate(etag: "W/\\\"9\\\"");

            // The token's tenant holds a live call, so the update passes the tenant check and reaches the SDK.
            Assert.True(bot.Services.GetRequiredService<ICallRegistry>().TryAddLive("live-call-of-the-tenant", bot.Local.Options.TenantId));

            using var failed = await PostAsync(client, token, body);
            standby!.Initialize(bot.Platform.CallbackUrl!);
            using var retried = await PostAsync(client, token, body);
            var replaysAfterRetry = replays.Total;
            using var replayed = await PostAsync(client, token, body);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
            Assert.Equal(0, replaysAfterRetry);
            Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);
            Assert.Equal(1, replays.Total);
        }
        finally
        {
            standby?.Dispose();
        }
    }

    public void Dispose()
    {
        _issuer.Dispose();
        if (Directory.Exists(_logDirectory))
        {
            Directory.Delete(_logDirectory, recursive: true);
        }
    }

    /// <summary>Sums one counter of the <see cref="CallbackMetrics"/> meter of this host only.</summary>
    private sealed class CounterRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public CounterRecorder(BotHost bot, string instrument)
        {
            var factory = bot.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (published, listener) =>
            {
                if (published.Meter.Name == CallbackMetrics.MeterName && ReferenceEquals(published.Meter.Scope, factory) && published.Name == instrument)
                {
                    listener.EnableMeasurementEvents(published);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
