using System.Net.Http.Headers;
using System.Text;
using CallingBot.Core.Manager;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Timeline;
using CallingBot.AspNetCore.Callbacks;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.Callbacks;

/// <summary>
/// One real bot host in local mode, shared by the hostile cases: tenants restricted to the emulator's, the test issuer's
/// keys trusted beside the emulator's, one call established (which no hostile request may change) and one call that
/// already ended (whose genuine notifications are replayed).
/// </summary>
public sealed class HostileCallbackFixture : IAsyncLifetime
{
    public const string ApiKey = "hostile-suite-api-key-0123456789";
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private const string BobId = "5b9e1c77-2f4d-4b8a-9e61-3c0d8f2a7b10";

    private readonly List<RecordingHandler> _handlers = [];

    public TestTokenIssuer Issuer { get; } = new();

    public BotHost Bot { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public DelegateRouter Router { get; private set; } = null!;

    public JwksAugmentingHandler? Jwks { get; private set; }

    public string TenantId => Bot.Local.Options.TenantId;

    /// <summary>The established call nothing may change.</summary>
    public string LiveCallId { get; private set; } = null!;

    public string EndedCallId { get; private set; } = null!;

    public string EndedCallCreatedBody { get; private set; } = null!;

    public string EndedCallDeletedBody { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Router = new DelegateRouter(_ =>
        {
            var handler = new RecordingHandler();
            lock (_handlers)
            {
                _handlers.Add(handler);
            }

            return CallDecision.Answer(handler);
        });
        var settings = new Dictionary<string, string?>
        {
            ["CallingBot:Callbacks:AllowedTenants:0"] = "7a6c2f4e-1b3d-4e5f-8a9b-0c1d2e3f4a5b",
            ["CallingBot:Api:ApiKey"] = ApiKey,
        };
        Bot = await BotHost.StartAsync(Router, settings, services => services
            .AddHttpClient(CallbackTokenValidator.MetadataHttpClient)
            .AddHttpMessageHandler(() => Jwks = new JwksAugmentingHandler(Issuer)));
        Client = Bot.CreateClient();
        var control = Bot.Emulator.Control;

        EndedCallId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = Bot.AppId, FromUserId = BobId, FromDisplayName = "Bob" });
        await Eventually.WithinAsync(control.WaitForCallStateAsync(EndedCallId, "established"), "first call established");
        await control.HangUpAsync(EndedCallId);
        await Eventually.UntilAsync(() => Bot.Manager.ActiveCallCount == 0, "first call removed from the bot");
        await Eventually.WithinAsync(control.WaitForDeliveriesAsync(EndedCallId), "first call's notifications delivered");
        var timeline = control.GetTimeline(EndedCallId);
        EndedCallCreatedBody = timeline.First(e => e.Kind == TimelineEntryKind.Notification && e.Body!.Contains("\"created\"", StringComparison.Ordinal)).Body!;
        EndedCallDeletedBody = timeline.First(e => e.Kind == TimelineEntryKind.Notification && e.Body!.Contains("\"deleted\"", StringComparison.Ordinal)).Body!;

        LiveCallId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = Bot.AppId, FromUserId = AliceId, FromDisplayName = "Alice" });
        await Eventually.WithinAsync(control.WaitForCallStateAsync(LiveCallId, "established"), "live call established (emulator)");
        await Eventually.UntilAsync(() => Bot.Manager.GetCall(LiveCallId)?.State == Core.Calls.CallState.Established, "live call established (bot)");
        await Eventually.WithinAsync(control.WaitForDeliveriesAsync(LiveCallId), "live call's notifications delivered");
        await Eventually.UntilAsync(HandlersSettled, "handlers saw the first call end and the live call's roster");
    }

    /// <summary>A valid token's claims for the emulator's tenant, issued now.</summary>
    public Dictionary<string, object> ValidClaims() =>
        TestTokenIssuer.ValidClaims(Bot.AppId, Bot.Emulator.GetIssuer(TenantId), TenantId, DateTimeOffset.UtcNow);

    public string ValidToken() => Issuer.Sign(ValidClaims());

    public Task<HttpResponseMessage> PostAsync(string? authorization, string body, string? contentType = "application/json", Action<HttpRequestMessage>? configure = null) =>
        PostAsync(authorization, Encoding.UTF8.GetBytes(body), contentType, configure);

    public async Task<HttpResponseMessage> PostAsync(string? authorization, byte[] body, string? contentType = "application/json", Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/calling") { Content = new ByteArrayContent(body) };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        configure?.Invoke(request);
        return await Client.SendAsync(request);
    }

    /// <summary>Everything a hostile request could have changed.</summary>
    public StateSnapshot Capture()
    {
        var call = Bot.Manager.GetCall(LiveCallId);
        return new StateSnapshot(
            Bot.Manager.ActiveCallCount,
            Bot.Platform.SdkCallCount,
            RoutedCount(),
            HandlerEventCount(),
            call?.State.ToString(),
            Bot.Emulator.Control.GetCall(LiveCallId)?.State,
            Bot.Emulator.Control.GetCall(EndedCallId)?.State,
            Bot.Services.GetRequiredService<ICallHistory>().Recent(1000).Count,
            Bot.Emulator.Control.ListCalls().Count);
    }

    private bool HandlersSettled()
    {
        lock (_handlers)
        {
            return _handlers.Count == 2
                && _handlers[0].Terminated.Task.IsCompleted
                && _handlers[1].Established.Task.IsCompleted
                && _handlers[1].Events.Count(e => e.StartsWith("joined:", StringComparison.Ordinal)) == 2;
        }
    }

    private int RoutedCount()
    {
        lock (Router.Seen)
        {
            return Router.Seen.Count;
        }
    }

    private int HandlerEventCount()
    {
        lock (_handlers)
        {
            return _handlers.Sum(h => h.Events.Count);
        }
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Bot is not null)
        {
            await Bot.DisposeAsync();
        }

        Issuer.Dispose();
    }

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
