using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

namespace CallingBot.Emulator.Identity;

/// <summary>The app registrations the token service knows, with their parsed certificates.</summary>
internal sealed class ApplicationRegistry
{
    private readonly ConcurrentDictionary<string, Registration> _apps = new(StringComparer.OrdinalIgnoreCase);

    public void Register(EmulatedApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var errors = app.Validate("application").ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(app));
        }

        var certificates = app.Certificates.Select(LoadCertificate).ToList();
        _apps[app.AppId] = new Registration(app, certificates);
    }

    public bool TryGet(string appId, out Registration registration) => _apps.TryGetValue(appId, out registration!);

    public EmulatedApplication? Find(string appId) => _apps.TryGetValue(appId, out var registration) ? registration.App : null;

    public IReadOnlyList<EmulatedApplication> All => _apps.Values.Select(r => r.App).ToList();

    private static RegisteredCertificate LoadCertificate(string source)
    {
        X509Certificate2 certificate;
        if (File.Exists(source))
        {
            certificate = source.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
                ? X509Certificate2.CreateFromPem(File.ReadAllText(source))
                : X509CertificateLoader.LoadCertificateFromFile(source);
        }
        else
        {
            certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(source));
        }

        using (certificate)
        {
            var sha1 = Base64UrlEncoder.Encode(certificate.GetCertHash());
            var sha256 = Base64UrlEncoder.Encode(certificate.GetCertHash(HashAlgorithmName.SHA256));
            var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);
            return new RegisteredCertificate(publicOnly, sha1, sha256, certificate.Thumbprint);
        }
    }

    internal sealed record Registration(EmulatedApplication App, IReadOnlyList<RegisteredCertificate> Certificates);

    internal sealed record RegisteredCertificate(X509Certificate2 Certificate, string X5t, string X5tS256, string HexThumbprint);
}
