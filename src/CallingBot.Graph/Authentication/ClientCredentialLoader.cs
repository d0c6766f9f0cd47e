using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CallingBot.Graph.Configuration;

namespace CallingBot.Graph.Authentication;

/// <summary>
/// Loads the bot's client certificate from a PFX file or the certificate store. Every failure is an
/// <see cref="InvalidOperationException"/> whose message names the setting and never contains the password.
/// </summary>
public static class ClientCredentialLoader
{
    public static X509Certificate2? LoadCertificate(GraphCallingOptions options) => LoadCertificate(options, TimeProvider.System);

    public static X509Certificate2? LoadCertificate(GraphCallingOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var section = GraphCallingOptions.SectionName;
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            if (!File.Exists(options.CertificatePath))
            {
                throw new InvalidOperationException($"{section}:CertificatePath '{options.CertificatePath}' does not exist.");
            }

            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword, OperatingSystem.IsMacOS() ? X509KeyStorageFlags.DefaultKeySet : X509KeyStorageFlags.EphemeralKeySet);
            }
            catch (CryptographicException exception)
            {
                throw new InvalidOperationException($"{section}:CertificatePath could not be read: wrong {section}:CertificatePassword, or not a PFX (PKCS#12) file.", exception);
            }

            return Validate(certificate, "CertificatePath", timeProvider);
        }

        if (!string.IsNullOrWhiteSpace(options.CertificateThumbprint))
        {
            var thumbprint = options.CertificateThumbprint.Replace(" ", string.Empty, StringComparison.Ordinal).Replace(":", string.Empty, StringComparison.Ordinal);
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            {
                if (FindInStore(location, thumbprint) is { } found)
                {
                    return Validate(found, "CertificateThumbprint", timeProvider);
                }
            }

            throw new InvalidOperationException($"{section}:CertificateThumbprint names no certificate in the CurrentUser or LocalMachine 'My' store.");
        }

        return null;
    }

    private static X509Certificate2? FindInStore(StoreLocation location, string thumbprint)
    {
        using var store = new X509Store(StoreName.My, location);
        try
        {
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
        }
        catch (Exception exception) when (exception is CryptographicException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // The LocalMachine 'My' store does not exist on Linux; an unreadable store holds nothing for us.
            return null;
        }

        X509Certificate2? match = null;
        foreach (var certificate in store.Certificates)
        {
            if (match is null && string.Equals(certificate.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase))
            {
                match = certificate;
            }
            else
            {
                certificate.Dispose();
            }
        }

        return match;
    }

    private static X509Certificate2 Validate(X509Certificate2 certificate, string setting, TimeProvider timeProvider)
    {
        var name = $"{GraphCallingOptions.SectionName}:{setting}";
        var now = timeProvider.GetUtcNow().UtcDateTime;
        string? problem = null;
        if (!certificate.HasPrivateKey)
        {
            problem = $"{name} names a certificate without its private key.";
        }
        else if (certificate.GetRSAPrivateKey() is not { } rsa)
        {
            problem = $"{name} names a certificate whose key is not RSA (Entra client assertions are signed with RS256).";
        }
        else
        {
            rsa.Dispose();
            if (certificate.NotAfter.ToUniversalTime() < now)
            {
                problem = $"{name} names a certificate that expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}.";
            }
            else if (certificate.NotBefore.ToUniversalTime() > now)
            {
                problem = $"{name} names a certificate that is not valid before {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd}.";
            }
        }

        if (problem is not null)
        {
            certificate.Dispose();
            throw new InvalidOperationException(problem);
        }

        return certificate;
    }
}
