using CallingBot.Core.Platform;
using CallingBot.Emulator;
using CallingBot.Emulator.Identity;
using CallingBot.Graph.Authentication;
using CallingBot.Graph.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CallingBot.Graph.Tests.Authentication;

/// <summary>MSAL's confidential client against the emulator's token endpoint, with a secret and with a certificate.</summary>
public sealed class MsalTokenSourceTests : IAsyncLifetime, IDisposable
{
    private const string AppId = "0d8b6a1e-5c3f-4e2a-9b7d-1f0e2d3c4b5a";
    private const string Tenant = "7a6c2f4e-1b3d-4e5f-8a9b-0c1d2e3f4a5b";
    private const string OtherTenant = "3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b";
    private const string Secret = "emulator-secret-value-0123456789";
    private const string Password = "pfx-password-under-test";

    private readonly TestCertificates _files = new();
    private GraphEmulator _emulator = null!;
    private EmulatorHttpClientFactory _clients = null!;

    public async Task InitializeAsync()
    {
        _emulator = await GraphEmulator.StartAsync(new EmulatorOptions { DefaultTenantId = Tenant, HttpPort = null });
        _clients = new EmulatorHttpClientFactory(_emulator);
    }

    private GraphCallingOptions Options(Action<GraphCallingOptions> configure)
    {
        var options = new GraphCallingOptions
        {
            AppId = AppId,
            TenantId = Tenant,
            AuthorityHost = _emulator.HttpsBaseAddress,
            ValidateAuthority = false,
        };
        configure(options);
        return options;
    }

    private MsalTokenSource Source(GraphCallingOptions options) =>
        new(Microsoft.Extensions.Options.Options.Create(options), _clients, NullLogger<MsalTokenSource>.Instance);

    [Fact]
    public async Task GetTokenAsync_ClientSecret_ReturnsAppTokenForTheTenantAndCachesIt()
    {
        _emulator.RegisterApplication(new EmulatedApplication { AppId = AppId, TenantId = Tenant, ClientSecret = Secret });
        using var source = Source(Options(o => o.ClientSecret = Secret));

        var first = await source.GetTokenAsync(null, CancellationToken.None);
        var requestsAfterFirst = _clients.Requests;
        var second = await source.GetTokenAsync(Tenant, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(requestsAfterFirst, _clients.Requests);
        var jwt = new JsonWebToken(first);
        Assert.Equal(AppId, jwt.GetPayloadValue<string>("appid"));
        Assert.Equal(Tenant, jwt.GetPayloadValue<string>("tid"));
    }

    [Fact]
    public async Task GetTokenAsync_EachTenantsToken_IsHandedOutAgainUntilNearItsExpiry()
    {
        _emulator.RegisterApplication(new EmulatedApplication { AppId = AppId, TenantId = Tenant, ClientSecret = Secret });
        using var source = Source(Options(o => o.ClientSecret = Secret));

        var first = await source.GetTokenAsync(Tenant, CancellationToken.None);
        var other = await source.GetTokenAsync(OtherTenant, CancellationToken.None);
        var requests = _clients.Requests;
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(first, await source.GetTokenAsync(Tenant, CancellationToken.None));
            Assert.Equal(other, await source.GetTokenAsync(OtherTenant, CancellationToken.None));
        }

        Assert.Equal(requests, _clients.Requests);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task GetTokenAsync_TokenExpiringWithinTheRenewalMargin_IsNotHandedOutAgain()
    {
        // Tokens that live less than the margin: each request must reach the token service again.
        await using var emulator = await GraphEmulator.StartAsync(new EmulatorOptions
        {
            DefaultTenantId = Tenant,
            HttpPort = null,
            TokenLifetime = MsalTokenSource.RenewBefore - TimeSpan.FromMinutes(1),
        });
        emulator.RegisterApplication(new EmulatedApplication { AppId = AppId, TenantId = Tenant, ClientSecret = Secret });
        var clients = new EmulatorHttpClientFactory(emulator);
        var options = Options(o => o.ClientSecret = Secret);
        options.AuthorityHost = emulator.HttpsBaseAddress;
        using var source = new MsalTokenSource(Microsoft.Extensions.Options.Options.Create(options), clients, NullLogger<MsalTokenSource>.Instance);

        await source.GetTokenAsync(Tenant, CancellationToken.None);
        var afterFirst = clients.Requests;
        await source.GetTokenAsync(Tenant, CancellationToken.None);

        Assert.True(clients.Requests > afterFirst, "the second token was served without asking the token service");
    }

    [Fact]
    public async Task GetTokenAsync_AnotherTenant_UsesThatTenantsAuthority()
    {
        _emulator.RegisterApplication(new EmulatedApplication { AppId = AppId, TenantId = Tenant, ClientSecret = Secret });
        using var source = Source(Options(o => o.ClientSecret = Secret));

        var token = await source.GetTokenAsync(OtherTenant, CancellationToken.None);

        Assert.Equal(OtherTenant, new JsonWebToken(token).GetPayloadValue<string>("tid"));
        Assert.Equal(_emulator.GetIssuer(OtherTenant), new JsonWebToken(token).Issuer);
    }

    [Fact]
    public async Task GetTokenAsync_GeneratedCertificate_ReturnsToken()
    {
        using var certificate = TestCertificates.CreateValid();
        _emulator.RegisterApplication(new EmulatedApplication { AppId = AppId, TenantId = Tenant }.AddCertificate(certificate));
        var path = _files.WritePfx(certificate, Password);
        using var source = Source(Options(o =>
        {
            o.CertificatePath = path;
            o.CertificatePassword = Password;
        }));

        var token = await source.GetTokenAsync(Tenant, CancellationToken.None);

        Assert.Equal(AppId, new JsonWebToken(token).GetPayloadValue<string>("appid"));
    }

    [Fact]
    public async Task GetTokenAsync_UnregisteredCertificate_FailsWithInvalidClient()
    {
        using var registered = TestCertificates.CreateValid();
        using var other = TestCertificates.CreateValid();
        _emulator.RegisterApplication(new EmulatedApplication { AppId = AppId, TenantId = Tenant }.AddCertificate(registered));
        var path = _files.WritePfx(other, Password);
        using var source = Source(Options(o =>
        {
            o.CertificatePath = path;
            o.CertificatePassword = Password;
        }));

        var error = await Assert.ThrowsAsync<PlatformException>(() => source.GetTokenAsync(Tenant, CancellationToken.None));

        Assert.Equal(PlatformErrorKind.Unauthorized, error.Kind);
        Assert.Equal("invalid_client", Assert.IsType<MsalServiceException>(error.InnerException).ErrorCode);
        Assert.Equal($"CallingBot:Graph:CertificatePath was refused by the token service for app {AppId} (invalid_client): the secret is wrong or expired, or the certificate is not registered on the app.", error.Message);
    }

    [Fact]
    public async Task GetTokenAsync_WrongSecret_FailsWithInvalidClientAndAClearStartMessage()
    {
        _emulator.RegisterApplication(new EmulatedApplication { AppId = AppId, TenantId = Tenant, ClientSecret = Secret });
        var options = Options(o => o.ClientSecret = "not-the-secret-value");
        using var source = Source(options);

        var error = await Assert.ThrowsAsync<PlatformException>(() => source.GetTokenAsync(Tenant, CancellationToken.None));

        Assert.Equal(PlatformErrorKind.Unauthorized, error.Kind);
        Assert.Equal("invalid_client", Assert.IsType<MsalServiceException>(error.InnerException).ErrorCode);
        var message = error.Message;
        Assert.Equal($"CallingBot:Graph:ClientSecret was refused by the token service for app {AppId} (invalid_client): the secret is wrong or expired, or the certificate is not registered on the app.", message);
        Assert.DoesNotContain("not-the-secret-value", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTokenAsync_UnknownApp_FailsWithUnauthorizedClient()
    {
        using var source = Source(Options(o => o.ClientSecret = Secret));

        var error = await Assert.ThrowsAsync<PlatformException>(() => source.GetTokenAsync(Tenant, CancellationToken.None));

        Assert.Equal(PlatformErrorKind.Unauthorized, error.Kind);
        Assert.Equal("unauthorized_client", Assert.IsType<MsalServiceException>(error.InnerException).ErrorCode);
        Assert.Equal($"CallingBot:Graph:AppId {AppId} is not known in tenant {Tenant} (unauthorized_client): check AppId and TenantId, and that the app is consented in that tenant.", error.Message);
    }

    [Fact]
    public async Task GetTokenAsync_TokenServiceUnreachable_FailsAsUnavailable()
    {
        // A port nothing listens on: the connection is refused at once.
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var options = Options(o => o.ClientSecret = Secret);
        options.AuthorityHost = new Uri($"https://127.0.0.1:{port}/");
        using var source = Source(options);

        var error = await Assert.ThrowsAsync<PlatformException>(() => source.GetTokenAsync(Tenant, CancellationToken.None));

        Assert.Equal(PlatformErrorKind.Unavailable, error.Kind);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal("The token service could not be reached.", error.Message);
    }

    [Fact]
    public async Task GetTokenAsync_TenantNotAGuid_ThrowsArgumentException()
    {
        using var source = Source(Options(o => o.ClientSecret = Secret));

        await Assert.ThrowsAsync<ArgumentException>(() => source.GetTokenAsync("../evil", CancellationToken.None));
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public void Dispose() => _files.Dispose();
}
