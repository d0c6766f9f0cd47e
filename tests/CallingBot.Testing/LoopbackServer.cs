using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Testing;

/// <summary>
/// A minimal Kestrel app on 127.0.0.1 with a dynamic port, for tests that need a real server: a receiver of
/// callbacks, an OpenID authority. HTTPS with a given certificate or a self-signed one it creates (and disposes);
/// plain HTTP only where a test proves that HTTP is refused. <see cref="CreateClient"/> trusts exactly its certificate.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2? _ownedCertificate;

    private LoopbackServer(WebApplication app, Uri baseAddress, X509Certificate2? certificate, bool ownsCertificate)
    {
        _app = app;
        BaseAddress = baseAddress;
        Certificate = certificate;
        _ownedCertificate = ownsCertificate ? certificate : null;
    }

    /// <summary>The server's address, ending with a slash: <c>https://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The server certificate; null for plain HTTP.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>
    /// Starts an HTTPS server whose endpoints <paramref name="map"/> adds. Without <paramref name="certificate"/> it
    /// serves a self-signed certificate for 127.0.0.1 and localhost, disposed with the server.
    /// </summary>
    public static Task<LoopbackServer> StartHttpsAsync(Action<WebApplication> map, X509Certificate2? certificate = null) =>
        StartAsync(map, certificate ?? CreateCertificate(), ownsCertificate: certificate is null);

    /// <summary>Starts a plain HTTP server, for tests that check that HTTP is refused.</summary>
    public static Task<LoopbackServer> StartHttpAsync(Action<WebApplication> map) => StartAsync(map, certificate: null, ownsCertificate: false);

    /// <summary>A client for <see cref="BaseAddress"/> that trusts exactly <see cref="Certificate"/>.</summary>
    public HttpClient CreateClient() => new(CreateHandler()) { BaseAddress = BaseAddress };

    /// <summary>A handler that trusts exactly <see cref="Certificate"/> (any handler for plain HTTP).</summary>
    public HttpMessageHandler CreateHandler() => Certificate is null ? new SocketsHttpHandler() : CreateTrustingHandler(Certificate);

    /// <summary>A handler that accepts exactly <paramref name="certificate"/> as the server certificate.</summary>
    public static SocketsHttpHandler CreateTrustingHandler(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var hash = certificate.GetCertHash();
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHash().AsSpan().SequenceEqual(hash),
            },
        };
    }

    /// <summary>A self-signed server certificate (RSA 2048, server authentication) for 127.0.0.1 and localhost, valid for a day either side of now.</summary>
    public static X509Certificate2 CreateCertificate(string subject = "CN=callingbot-loopback-test")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

        // Reloaded from PKCS#12 so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _ownedCertificate?.Dispose();
    }

    private static async Task<LoopbackServer> StartAsync(Action<WebApplication> map, X509Certificate2? certificate, bool ownsCertificate)
    {
        ArgumentNullException.ThrowIfNull(map);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        try
        {
            map(app);
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            if (ownsCertificate)
            {
                certificate?.Dispose();
            }

            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackServer(app, new Uri(address.TrimEnd('/') + "/"), certificate, ownsCertificate);
    }
}
