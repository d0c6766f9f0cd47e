using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using CallingBot.Core.Calls;
using CallingBot.Core.Manager;
using CallingBot.Core.Registry;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.AspNetCore.Callbacks;
using CallingBot.Host.Tests.Callbacks;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Host.Tests.EndToEnd;

/// <summary>
/// Validly signed notifications the calling service never sent, against the real host and the in-process emulator:
/// calls the service does not know must not hold capacity, and calls nobody establishes must not stay.
/// </summary>
public sealed class ForgedNotificationTests
{
    private const int ForgedCalls = 1000;
    private const int StalledCalls = 10;
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private const string StalledCallerId = "5b9e1c77-2f4d-4b8a-9e61-3c0d8f2a7b10";
    private const string OtherTenant = "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f";

    [Fact]
    public async Task ForgedCreated_ThousandUnknownCalls_DroppedAtOnceSoARealCallIsAnsweredAndNothingStaleRemains()
    {
        using var issuer = new TestTokenIssuer();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var router = new ForgeryAwareRouter();
        await using var bot = await StartAsync(issuer, time, router, new Dictionary<string, string?>
        {
            ["CallingBot:Calls:MaxConcurrentCalls"] = ForgedCalls.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CallingBot:Calls:UndecidedCallAction"] = "Ignore",
        });
        using var dropped = new DroppedCallsListener(bot.Services);
        using var client = bot.CreateClient();
        var tenant = bot.Local.Options.TenantId;
        var token = Token(issuer, bot, tenant);

        // 1,000 calls the service never created, then 10 whose router never decides.
        await Parallel.ForEachAsync(Enumerable.Range(0, ForgedCalls), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
        {
            using var response = await PostAsync(client, token, Created(Guid.NewGuid().ToString(), AliceId), ct);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        });
        await Eventually.UntilAsync(() => dropped.RefusedByService == ForgedCalls, "every forged call dropped once the service refused its answer", TimeSpan.FromSeconds(60));
        var stalledIds = Enumerable.Range(0, StalledCalls).Select(_ => Guid.NewGuid().ToString()).ToArray();
        foreach (var id in stalledIds)
        {
            using var response = await PostAsync(client, token, Created(id, StalledCallerId), CancellationToken.None);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await Eventually.UntilAsync(() => router.Stalled == StalledCalls, "router holds the stalled calls");
        Assert.Equal(StalledCalls, bot.Manager.ActiveCallCount);
        Assert.Equal(StalledCalls, bot.Platform.SdkCallCount);
        var history = bot.Services.GetRequiredService<ICallHistory>();
        var refused = history.Recent(int.MaxValue);
        Assert.Equal(ForgedCalls, refused.Count);
        Assert.All(refused, r => Assert.Equal(CallTermination.RefusedByService, r.Termination));
        Assert.All(refused, r => Assert.Equal("decision-failed", r.Outcome));

        // A genuine caller is answered, not turned away as busy.
        var control = bot.Emulator.Control;
        var realCallId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId, FromDisplayName = "Alice" });
        var established = await control.WaitForCallAsync(realCallId, c => c.State is "established" or "terminated", "the real call answered or turned away");
        Assert.Equal("established", established.State);
        await Eventually.UntilAsync(() => bot.Manager.GetCall(realCallId)?.State == CallState.Established, "the bot sees the real call established");

        // Past the service's 15 s deadline plus the margin, the stalled calls are reaped; the real call stays.
        time.Advance(TimeSpan.FromSeconds(15) + TimeSpan.FromSeconds(15) + TimeSpan.FromSeconds(5));
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 1, "stale calls reaped");
        Assert.Equal([realCallId], bot.Manager.ListCalls().Select(c => c.CallId));
        Assert.Equal(1, bot.Manager.ActiveCallCount);
        Assert.Equal(1, bot.Platform.SdkCallCount);
        Assert.Equal(1, bot.Platform.TrackedCallCount);
        var registry = bot.Services.GetRequiredService<ICallRegistry>();
        Assert.Equal(1, registry.LiveCount);
        Assert.All(stalledIds, id => Assert.Equal(CallStatus.Ended, registry.GetStatus(id)));
        Assert.Equal(StalledCalls, dropped.NotEstablishedInTime);
        var reaped = history.Recent(int.MaxValue).Where(r => stalledIds.Contains(r.CallId, StringComparer.OrdinalIgnoreCase)).ToArray();
        Assert.Equal(StalledCalls, reaped.Length);
        Assert.All(reaped, r => Assert.Equal(CallTermination.NotEstablishedInTime, r.Termination));
        Assert.All(reaped, r => Assert.Contains(r.Events, e => e.Kind == "reaped" && e.Detail == "not established in time"));
        Assert.Equal("established", control.GetCall(realCallId)!.State);

        await control.HangUpAsync(realCallId);
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "the real call ends before the host stops");
    }

    [Fact]
    public async Task UpdatedNotification_TokenOfATenantWithoutCalls_Answered202NotProcessedLoggedAndCounted()
    {
        using var issuer = new TestTokenIssuer();
        var logDirectory = Path.Combine(Path.GetTempPath(), "callingbot-forged-" + Guid.NewGuid().ToString("N"));
        var handler = new RecordingHandler();
        long droppedBatches = 0;
        try
        {
            await using (var bot = await StartAsync(issuer, TimeProvider.System, new DelegateRouter(_ => CallDecision.Answer(handler)), new Dictionary<string, string?>
            {
                ["CallingBot:Logging:Format"] = "Json",
                ["CallingBot:Logging:FilePath"] = Path.Combine(logDirectory, "bot-.log"),
            }))
            {
                using var listener = CountDropped(bot.Services.GetRequiredService<CallbackMetrics>(), "no-call-in-tenant", value => Interlocked.Add(ref droppedBatches, value));
                using var client = bot.CreateClient();
                var control = bot.Emulator.Control;
                var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId, FromDisplayName = "Alice" });
                await Eventually.WithinAsync(handler.Established.Task, "the genuine call established");
                await Eventually.WithinAsync(control.WaitForDeliveriesAsync(callId), "the genuine call's notifications delivered");
                await Eventually.UntilAsync(() => handler.Events.Count(e => e.StartsWith("joined:", StringComparison.Ordinal)) == 2, "the genuine call's roster seen by the handler");
                var eventsBefore = handler.Events.ToArray();

                // A notification about the live call, validly signed, but for a tenant the bot holds no call in.
                using (var forged = await PostAsync(client, Token(issuer, bot, OtherTenant), ToneUpdate(callId, "tone5", sequenceId: 1), CancellationToken.None))
                {
                    Assert.Equal(HttpStatusCode.Accepted, forged.StatusCode);
                }

                // The same notification from the call's own tenant is processed: once its key arrives, the forged one would have too.
                using (var genuine = await PostAsync(client, Token(issuer, bot, bot.Local.Options.TenantId), ToneUpdate(callId, "tone7", sequenceId: 2), CancellationToken.None))
                {
                    Assert.Equal(HttpStatusCode.Accepted, genuine.StatusCode);
                }

                await Eventually.UntilAsync(() => handler.Events.Contains("tone:7"), "the call's own tenant's key delivered");
                Assert.Equal([.. eventsBefore, "tone:7"], handler.Events.ToArray());
                Assert.Equal(1, Interlocked.Read(ref droppedBatches));
                Assert.Equal(CallState.Established, bot.Manager.GetCall(callId)!.State);
                Assert.Equal(1, bot.Platform.SdkCallCount);

                await control.HangUpAsync(callId);
                await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "the genuine call ends before the host stops");
            }

            var logged = File.ReadAllLines(Assert.Single(Directory.GetFiles(logDirectory)))
                .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement)
                .Where(line => line.TryGetProperty("EventId", out var id) && id.GetProperty("Name").GetString() == "NotificationWithoutCall")
                .ToList();
            var entry = Assert.Single(logged);
            Assert.Equal("Warning", entry.GetProperty("@l").GetString());
            Assert.Equal(3105, entry.GetProperty("EventId").GetProperty("Id").GetInt32());
            Assert.Equal(OtherTenant, entry.GetProperty("TenantId").GetString());
        }
        finally
        {
            if (Directory.Exists(logDirectory))
            {
                Directory.Delete(logDirectory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task PlacedCall_TenantWithNoOtherCall_ItsNotificationsPassTheTenantCheck()
    {
        using var issuer = new TestTokenIssuer();
        await using var bot = await StartAsync(issuer, TimeProvider.System, new DelegateRouter(_ => CallDecision.Reject()));
        long droppedBatches = 0;
        using var listener = CountDropped(bot.Services.GetRequiredService<CallbackMetrics>(), "no-call-in-tenant", value => Interlocked.Add(ref droppedBatches, value));
        var handler = new RecordingHandler();

        var placed = await bot.Manager.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User(AliceId, "Alice")] }, handler, CancellationToken.None);

        await Eventually.WithinAsync(handler.Established.Task, "the placed call established");
        await Eventually.WithinAsync(bot.Emulator.Control.WaitForDeliveriesAsync(placed.CallId), "the placed call's notifications delivered");
        Assert.Equal(0, Interlocked.Read(ref droppedBatches));
        Assert.Equal(bot.Local.Options.TenantId, bot.Services.GetRequiredService<ICallRegistry>().GetTenant(placed.CallId), ignoreCase: true);
        await bot.Emulator.Control.HangUpAsync(placed.CallId);
        await Eventually.WithinAsync(handler.Terminated.Task, "the placed call's end delivered");
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "the placed call removed");
        Assert.Equal(0, Interlocked.Read(ref droppedBatches));
    }

    private static MeterListener CountDropped(CallbackMetrics metrics, string reason, Action<long> add)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument, metrics.DroppedNotifications))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason" && Equals(tag.Value, reason))
                {
                    add(value);
                }
            }
        });
        listener.Start();
        return listener;
    }

    /// <summary>A key press on a live call, as Graph reports it in a call update.</summary>
    private static string ToneUpdate(string callId, string tone, int sequenceId) =>
        HostileCallbackCases.Envelope("updated", $"/communications/calls/{callId}", "{\"@odata.type\":\"#microsoft.graph.call\",\"id\":\"" + callId
            + "\",\"state\":\"established\",\"direction\":\"incoming\",\"toneInfo\":{\"@odata.type\":\"#microsoft.graph.toneInfo\",\"tone\":\"" + tone
            + "\",\"sequenceId\":" + sequenceId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}");

    private static async Task<BotHost> StartAsync(TestTokenIssuer issuer, TimeProvider time, IIncomingCallRouter router, Dictionary<string, string?>? settings = null) =>
        await BotHost.StartAsync(router, settings, services =>
        {
            services.AddSingleton(time);
            services.AddHttpClient(CallbackTokenValidator.MetadataHttpClient).AddHttpMessageHandler(() => new JwksAugmentingHandler(issuer));
        });

    private static string Token(TestTokenIssuer issuer, BotHost bot, string tenant) =>
        issuer.Sign(TestTokenIssuer.ValidClaims(bot.AppId, bot.Emulator.GetIssuer(tenant), tenant, DateTimeOffset.UtcNow));

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string token, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/calling") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return await client.SendAsync(request, cancellationToken);
    }

    /// <summary>A <c>created</c> notification for an incoming call from <paramref name="callerId"/>, as Graph would send it.</summary>
    private static string Created(string callId, string callerId) =>
        HostileCallbackCases.Envelope("created", $"/communications/calls/{callId}", "{\"@odata.type\":\"#microsoft.graph.call\",\"id\":\"" + callId
            + "\",\"state\":\"incoming\",\"direction\":\"incoming\",\"source\":{\"@odata.type\":\"#microsoft.graph.participantInfo\",\"identity\":{\"@odata.type\":\"#microsoft.graph.identitySet\",\"user\":{\"@odata.type\":\"#microsoft.graph.identity\",\"id\":\""
            + callerId + "\",\"displayName\":\"Caller\"}}}}");

    /// <summary>Answers everyone, except the stalled caller, on whom it never decides.</summary>
    private sealed class ForgeryAwareRouter : IIncomingCallRouter
    {
        private int _stalled;

        public int Stalled => Volatile.Read(ref _stalled);

        public async ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken)
        {
            if (string.Equals(call.Caller.Id, StalledCallerId, StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Increment(ref _stalled);
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            return CallDecision.Answer(new RecordingHandler());
        }
    }

    /// <summary>Counts <c>callingbot.calls.dropped</c> of one host by reason.</summary>
    private sealed class DroppedCallsListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _byReason = new(StringComparer.Ordinal);

        public DroppedCallsListener(IServiceProvider services)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (CallInstruments.Is(instrument, services, "callingbot.calls.dropped"))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "reason")
                    {
                        _byReason.AddOrUpdate((string)tag.Value!, value, (_, sum) => sum + value);
                    }
                }
            });
            _listener.Start();
        }

        public long RefusedByService => _byReason.GetValueOrDefault("refused-by-service");

        public long NotEstablishedInTime => _byReason.GetValueOrDefault("not-established-in-time");

        public void Dispose() => _listener.Dispose();
    }
}
