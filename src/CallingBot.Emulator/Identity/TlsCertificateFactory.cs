using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CallingBot.Emulator.Identity;

/// <summary>
/// Creates (and keeps) the self-signed TLS certificate that covers localhost and 127.0.0.1. The PKCS#12 file holds the
/// private key without a password, so it is readable by the current user only; the .cer beside it is public.
/// </summary>
internal static class TlsCertificateFactory
{
    public const string PfxFileName = "emulator-tls.pfx";
    public const string CerFileName = "emulator-tls.cer";

    // Ephemeral emulators in one process share one generated certificate (generation is slow); callers get their own copy.
    private static readonly Lazy<byte[]> EphemeralPfx = new(() =>
    {
        using var certificate = Create(TimeProvider.System);
        return certificate.Export(X509ContentType.Pfx);
    });

    public static X509Certificate2 LoadOrCreate(string? dataDirectory, TimeProvider time)
    {
        if (dataDirectory is null)
        {
            return X509CertificateLoader.LoadPkcs12(EphemeralPfx.Value, null, X509KeyStorageFlags.Exportable);
        }

        var pfxPath = Path.Combine(dataDirectory, PfxFileName);
        if (File.Exists(pfxPath))
        {
            PrivateFile.Restrict(pfxPath);
            var existing = X509CertificateLoader.LoadPkcs12FromFile(pfxPath, null, X509KeyStorageFlags.Exportable);
            if (existing.NotAfter.ToUniversalTime() > time.GetUtcNow().UtcDateTime.AddDays(7))
            {
                return existing;
            }

            existing.Dispose();
        }

        var created = Create(time);
        PrivateFile.WriteAllBytes(pfxPath, created.Export(X509ContentType.Pfx));
        File.WriteAllBytes(Path.Combine(dataDirectory, CerFileName), created.Export(X509ContentType.Cert));
        return created;
    }

    private static X509Certificate2 Create(TimeProvider time)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=CallingBot Emulator", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));

        // Round-trip through PKCS#12 so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null, X509KeyStorageFlags.Exportable);
    }
}
