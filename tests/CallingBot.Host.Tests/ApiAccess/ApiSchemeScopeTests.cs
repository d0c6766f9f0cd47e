using System.Net;
using System.Net.Http.Headers;
using CallingBot.Core.Routing;
using CallingBot.Emulator;
using CallingBot.Emulator.Control;
using CallingBot.AspNetCore.ApiAccess;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.ApiAccess;

/// <summary>
/// The operator API's bearer scheme runs only where the API's policy asks for it. Graph's notifications carry a bearer
/// token of their own: when the API's scheme was the default (or the only) scheme, the authentication middleware
/// validated every notification's token with it first, so each notification waited for the API authority's metadata
/// (5 s per attempt where the authority's name could not be resolved) before the webhook saw it.
/// </summary>
public sealed class ApiSchemeScopeTests : IAsyncLifetime
{
    private static readonly TimeSpan Phase = TimeSpan.FromSeconds(30);
    private readonly int _port = RealModeBot.FreePort();
    private GraphEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await GraphEmulator.StartAsync(new EmulatorOptions { HttpsPort = 0, HttpPort = 0, DataDirectory = null, DefaultTenantId = RealModeBot.TenantId });
        RealModeBot.Register(_emulator, _port);
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Notifications_RealMode_AreAnsweredWithoutTheApiSchemeReadingTheirToken()
    {
        using var issuer = new TestTokenIssuer();
        await using var authority = await TestOpenIdServer.StartAsync(issuer, _emulator.TlsCertificate);
        var router = new DelegateRouter(_ => CallDecision.Answer(new RecordingHandler()));
        await using var bot = await RealModeBot.StartAsync(
            _emulator,
            _port,
            router,
            new Dictionary<string, string?> { ["CallingBot:Api:Authority"] = authority.BaseAddress.AbsoluteUri },
            services => services.AddHttpClient(ApiAuthorization.MetadataHttpClient).ConfigurePrimaryHttpMessageHandler(_emulator.CreateTrustingHandler));
        var control = _emulator.Control;

        // A whole call: the incoming call, its state changes, its roster and its end, each a notification with a token.
        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = RealModeBot.AppId, FromUserId = "8a6d0b1e-0000-4000-8000-0000000a11ce" });
        await Eventually.WithinAsync(control.WaitForCallStateAsync(callId, "established", Phase), "the bot answers the call", Phase);
        await control.HangUpAsync(callId);
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "the bot processes the call's end", Phase);

        Assert.Equal(0, authority.MetadataFetches);

        // The API itself authenticates with the scheme, which then fetches the authority's metadata: the count sees it.
        using var client = new HttpClient(_emulator.CreateTrustingHandler()) { BaseAddress = new Uri($"https://127.0.0.1:{_port}") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/calls");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken(issuer, authority.BaseAddress));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, authority.MetadataFetches);
    }

    private static string OperatorToken(TestTokenIssuer issuer, Uri authority)
    {
        var now = DateTimeOffset.UtcNow;
        return issuer.Sign(new Dictionary<string, object>
        {
            ["aud"] = $"api://{RealModeBot.AppId}",
            ["iss"] = authority.AbsoluteUri,
            ["tid"] = RealModeBot.TenantId,
            ["sub"] = "operator",
            ["azp"] = "7e5a1c2b-0000-4000-8000-0000000000ff",
            ["roles"] = new[] { ApiSecurityOptions.DefaultPermission },
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["ver"] = "2.0",
        });
    }
}
