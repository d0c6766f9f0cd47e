using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CallingBot.Emulator.Hosting;

/// <summary>HTTP handlers that trust the emulator's own certificate in addition to the system store.</summary>
internal static class TrustingHandlerFactory
{
    public static SocketsHttpHandler Create(X509Certificate2 trusted, bool allowAutoRedirect, int maxConnectionsPerServer = int.MaxValue)
    {
        var pinned = trusted.GetCertHash(HashAlgorithmName.SHA256);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = allowAutoRedirect,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            MaxConnectionsPerServer = maxConnectionsPerServer,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    errors == SslPolicyErrors.None
                    || (certificate is not null && certificate.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(pinned)),
            },
        };
    }
}
