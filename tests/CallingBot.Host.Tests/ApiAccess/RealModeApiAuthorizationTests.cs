using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CallingBot.AspNetCore.ApiAccess;
using CallingBot.AspNetCore.Hosting;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace CallingBot.Host.Tests.ApiAccess;

/// <summary>
/// The operator API in real mode, end to end: the real host over https with Entra-style bearer tokens from a test-owned
/// https OpenID authority, reached through the bot's API metadata client.
/// </summary>
public sealed class RealModeApiAuthorizationTests(RealModeApiFixture fixture) : IClassFixture<RealModeApiFixture>
{
    [Fact]
    public async Task GetCalls_TokenWithRequiredRole_Returns200()
    {
        using var response = await SendAsync(fixture.Sign(fixture.ValidClaims()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetCalls_TokenWithRequiredScope_Returns200()
    {
        var claims = fixture.ValidClaims();
        claims.Remove("roles");
        claims["scp"] = "User.Read CallingBot.Operate";

        using var response = await SendAsync(fixture.Sign(claims));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GetCalls_NoToken_Returns401ProblemWithBearerChallenge()
    {
        using var response = await SendAsync(token: null);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    public static TheoryData<string> InvalidTokens => new()
    {
        "expired",
        "wrong-audience",
        "wrong-issuer",
        "unpublished-key",
        "unpublished-key-with-published-key-id",
        "without-expiry",
        "not-a-jwt",
    };

    [Theory]
    [MemberData(nameof(InvalidTokens))]
    public async Task GetCalls_InvalidToken_Returns401Problem(string kind)
    {
        var claims = fixture.ValidClaims();
        var now = DateTimeOffset.UtcNow;
        string token;
        switch (kind)
        {
            case "expired":
                claims["nbf"] = now.AddHours(-2).ToUnixTimeSeconds();
                claims["iat"] = now.AddHours(-2).ToUnixTimeSeconds();
                claims["exp"] = now.AddMinutes(-10).ToUnixTimeSeconds();
                token = fixture.Sign(claims);
                break;
            case "wrong-audience":
                claims["aud"] = "api://2a3b4c5d-0000-4000-8000-0000000000ff";
                token = fixture.Sign(claims);
                break;
            case "wrong-issuer":
                claims["iss"] = $"https://login.microsoftonline.com/{RealModeApiFixture.TenantId}/v2.0";
                token = fixture.Sign(claims);
                break;
            case "unpublished-key":
                using (var other = RSA.Create(2048))
                {
                    token = TestTokenIssuer.Sign(claims, new RsaSecurityKey(other) { KeyId = "not-published" });
                }

                break;
            case "unpublished-key-with-published-key-id":
                using (var other = RSA.Create(2048))
                {
                    token = TestTokenIssuer.Sign(claims, new RsaSecurityKey(other) { KeyId = fixture.Issuer.Primary.KeyId });
                }

                break;
            case "without-expiry":
                claims.Remove("exp");
                token = fixture.Sign(claims);
                break;
            default:
                token = "not-a-jwt";
                break;
        }

        using var response = await SendAsync(token);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    public static TheoryData<string> WithoutPermission => new()
    {
        "none",
        "other-role",
        "other-scope",
        "role-in-other-letter-case",
    };

    [Theory]
    [MemberData(nameof(WithoutPermission))]
    public async Task GetCalls_ValidTokenWithoutRoleOrScope_Returns403Problem(string kind)
    {
        var claims = fixture.ValidClaims();
        claims.Remove("roles");
        switch (kind)
        {
            case "other-role":
                claims["roles"] = new[] { "CallingBot.Read" };
                break;
            case "other-scope":
                claims["scp"] = "User.Read";
                break;
            case "role-in-other-letter-case":
                claims["roles"] = new[] { ApiSecurityOptions.DefaultPermission.ToUpperInvariant() };
                break;
        }

        using var response = await SendAsync(fixture.Sign(claims));

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task GetCalls_ApiKeyHeaderInRealMode_Returns401Problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/calls");
        request.Headers.Add(ApiAuthorization.ApiKeyHeader, RealModeApiFixture.ApiKey);

        using var response = await fixture.Client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task HealthLive_NoToken_Returns200()
    {
        using var response = await fixture.Client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/calls");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await fixture.Client.SendAsync(request);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
    }
}

/// <summary>
/// The real host in real mode on https://127.0.0.1 (self-signed certificate), Graph credentials not verified at start,
/// and <c>CallingBot:Api:Authority</c> pointing at a test-owned https OpenID authority whose certificate only the bot's
/// API metadata client trusts.
/// </summary>
public sealed class RealModeApiFixture : IAsyncLifetime
{
    public const string AppId = "2a3b4c5d-0000-4000-8000-000000000001";
    public const string TenantId = "2a3b4c5d-0000-4000-8000-000000000002";

    /// <summary>Would be a valid local-mode key; real mode must ignore it.</summary>
    public const string ApiKey = "real-mode-api-key-0123456789abcdef";

    private WebApplication? _app;
    private TestOpenIdServer? _authority;

    public TestTokenIssuer Issuer { get; } = new();

    public X509Certificate2 Certificate { get; } = LoopbackServer.CreateCertificate("CN=callingbot-real-mode-test");

    public HttpClient Client { get; private set; } = null!;

    /// <summary>A client of its own that keeps no cookies (for dashboard sessions, sent by hand).</summary>
    public HttpClient CreateCookielessClient()
    {
        var handler = LoopbackServer.CreateTrustingHandler(Certificate);
        handler.UseCookies = false;
        handler.AllowAutoRedirect = false;
        return new HttpClient(handler) { BaseAddress = Client.BaseAddress };
    }

    /// <summary>The authority's issuer (its base address, as its metadata says).</summary>
    public string AuthorityIssuer => _authority!.BaseAddress.AbsoluteUri;

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        _authority = await TestOpenIdServer.StartAsync(Issuer, Certificate);
        var settings = new Dictionary<string, string?>
        {
            ["CallingBot:Mode"] = "Real",
            ["CallingBot:Graph:AppId"] = AppId,
            ["CallingBot:Graph:TenantId"] = TenantId,
            ["CallingBot:Graph:ClientSecret"] = "test-client-secret-value",
            ["CallingBot:Graph:CallbackUrl"] = "https://bot.contoso.test/api/calling",
            ["CallingBot:Graph:VerifyCredentialsAtStart"] = "false",
            ["CallingBot:Api:Authority"] = _authority.BaseAddress.AbsoluteUri,
            ["CallingBot:Logging:MinimumLevel"] = "Warning",
            ["CallingBot:DrainTimeout"] = "00:00:05",
        };
        var certificate = Certificate;
        _app = await CallingBotApplication.CreateAsync(["--urls", "https://127.0.0.1:0", "--environment", "Testing"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
            builder.Services.AddHttpClient(ApiAuthorization.MetadataHttpClient).ConfigurePrimaryHttpMessageHandler(() => LoopbackServer.CreateTrustingHandler(certificate));
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient(LoopbackServer.CreateTrustingHandler(certificate)) { BaseAddress = new Uri(address) };
    }

    /// <summary>Claims of a valid operator token: audience <c>api://{AppId}</c>, the authority's issuer, the default app role.</summary>
    public Dictionary<string, object> ValidClaims()
    {
        var now = DateTimeOffset.UtcNow;
        return new Dictionary<string, object>
        {
            ["aud"] = $"api://{AppId}",
            ["iss"] = AuthorityIssuer,
            ["tid"] = TenantId,
            ["sub"] = "operator-daemon",
            ["azp"] = "2a3b4c5d-0000-4000-8000-000000000003",
            ["roles"] = new[] { ApiSecurityOptions.DefaultPermission },
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["ver"] = "2.0",
        };
    }

    public string Sign(IDictionary<string, object> claims) => Issuer.Sign(claims);

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (_authority is { } authority)
        {
            _authority = null;
            await authority.DisposeAsync();
        }

        Issuer.Dispose();
        Certificate.Dispose();
    }
}
