using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CallingBot.Graph.Tests.Authentication;

/// <summary>Self-signed client certificates written to temporary PFX files; deleted on dispose.</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly List<string> _files = [];

    public static X509Certificate2 Create(DateTimeOffset notBefore, DateTimeOffset notAfter, bool rsa = true)
    {
        if (!rsa)
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return new CertificateRequest("CN=callingbot-test-ec", ec, HashAlgorithmName.SHA256).CreateSelfSigned(notBefore, notAfter);
        }

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=callingbot-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    public static X509Certificate2 CreateValid() => Create(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));

    /// <summary>Writes the certificate (with its key when <paramref name="withKey"/>) to a PFX file and returns its path.</summary>
    public string WritePfx(X509Certificate2 certificate, string? password, bool withKey = true)
    {
        var path = Path.Combine(Path.GetTempPath(), $"callingbot-{Guid.NewGuid():N}.pfx");
        byte[] bytes;
        if (withKey)
        {
            bytes = certificate.Export(X509ContentType.Pkcs12, password);
        }
        else
        {
            using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);
            bytes = publicOnly.Export(X509ContentType.Pkcs12, password);
        }

        File.WriteAllBytes(path, bytes);
        _files.Add(path);
        return path;
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }
}
