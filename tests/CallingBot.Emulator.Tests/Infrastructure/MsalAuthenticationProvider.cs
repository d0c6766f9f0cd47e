using System.Net.Http.Headers;
using Microsoft.Graph.Communications.Client.Authentication;
using Microsoft.Identity.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CallingBot.Emulator.Tests.Infrastructure;

/// <summary>
/// The SDK's authentication hook as a bot would write it: MSAL client credentials against the emulator's authority
/// for outbound requests, and JWT validation against the emulator's JWKS for inbound notifications.
/// </summary>
public sealed class MsalAuthenticationProvider : IRequestAuthenticationProvider, IDisposable
{
    private readonly IConfidentialClientApplication _msal;
    private readonly GraphEmulator _emulator;
    private readonly string _appId;
    private readonly HttpClient _http;
    private JsonWebKeySet? _keys;

    public MsalAuthenticationProvider(GraphEmulator emulator, string appId, Func<ConfidentialClientApplicationBuilder, ConfidentialClientApplicationBuilder> credential, string tenantId)
    {
        _emulator = emulator;
        _appId = appId;
        _http = new HttpClient(emulator.CreateTrustingHandler());
        var builder = ConfidentialClientApplicationBuilder.Create(appId)
            .WithAuthority(emulator.GetAuthority(tenantId), false)
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(new FixedHttpClientFactory(_http));
        _msal = credential(builder).Build();
    }

    public int TokensAcquired { get; private set; }

    public async Task AuthenticateOutboundRequestAsync(HttpRequestMessage request, string tenant)
    {
        var result = await _msal.AcquireTokenForClient(["https://graph.microsoft.com/.default"]).ExecuteAsync();
        TokensAcquired++;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", result.AccessToken);
    }

    public async Task<RequestValidationResult> ValidateInboundRequestAsync(HttpRequestMessage request)
    {
        var token = request.Headers.Authorization?.Parameter;
        if (token is null)
        {
            return new RequestValidationResult { IsValid = false };
        }

        var jwt = new JsonWebToken(token);
        var tenantId = jwt.GetClaim("tid").Value;
        _keys ??= new JsonWebKeySet(await _http.GetStringAsync(new Uri(_emulator.HttpsBaseAddress, $"{tenantId}/discovery/v2.0/keys")));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = _keys.GetSigningKeys(),
            ValidAudience = _appId,
            ValidIssuer = _emulator.GetIssuer(tenantId),
        });
        return new RequestValidationResult { IsValid = result.IsValid, TenantId = tenantId };
    }

    public void Dispose() => _http.Dispose();

    private sealed class FixedHttpClientFactory(HttpClient client) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => client;
    }
}
