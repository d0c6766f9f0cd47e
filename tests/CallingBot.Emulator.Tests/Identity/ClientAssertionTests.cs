using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CallingBot.Emulator.Identity;
using CallingBot.Emulator.Tests.Infrastructure;
using Microsoft.Identity.Client;

namespace CallingBot.Emulator.Tests.Identity;

public sealed class ClientAssertionTests
{
    private const string CertificateAppId = "6f2e8d14-93ab-4c57-a0e1-5b7d3c9f2a68";

    [Fact]
    public async Task Msal_WithRegisteredCertificate_AcquiresToken()
    {
        using var certificate = CreateCertificate();
        await using var environment = await TestEnvironment.StartAsync();
        environment.Emulator.RegisterApplication(new EmulatedApplication { AppId = CertificateAppId, TenantId = TestApps.TenantId }.AddCertificate(certificate));

        var result = await Msal(environment, certificate).AcquireTokenForClient(["https://graph.microsoft.com/.default"]).ExecuteAsync();

        Assert.False(string.IsNullOrEmpty(result.AccessToken));
    }

    [Fact]
    public async Task Msal_WithUnregisteredCertificate_IsRejected()
    {
        using var registered = CreateCertificate();
        using var other = CreateCertificate();
        await using var environment = await TestEnvironment.StartAsync();
        environment.Emulator.RegisterApplication(new EmulatedApplication { AppId = CertificateAppId, TenantId = TestApps.TenantId }.AddCertificate(registered));

        var error = await Assert.ThrowsAsync<MsalServiceException>(() => Msal(environment, other).AcquireTokenForClient(["https://graph.microsoft.com/.default"]).ExecuteAsync());

        Assert.Equal("invalid_client", error.ErrorCode);
    }

    private static IConfidentialClientApplication Msal(TestEnvironment environment, X509Certificate2 certificate) =>
        ConfidentialClientApplicationBuilder.Create(CertificateAppId)
            .WithAuthority(environment.Emulator.GetAuthority(TestApps.TenantId), false)
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(new Factory(new HttpClient(environment.Emulator.CreateTrustingHandler())))
            .WithCertificate(certificate)
            .Build();

    private static X509Certificate2 CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=bot", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    private sealed class Factory(HttpClient client) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => client;
    }
}
