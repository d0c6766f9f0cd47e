using System.Security.Cryptography.X509Certificates;
using CallingBot.Graph.Configuration;

namespace CallingBot.Graph.Authentication;

/// <summary>Loads the bot's client certificate from a PFX file or the certificate store.</summary>
public static class ClientCredentialLoader
{
    public static X509Certificate2? LoadCertificate(GraphCallingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);
            }
            catch (System.Security.Cryptography.CryptographicException exception)
            {
                throw new InvalidOperationException($"{GraphCallingOptions.SectionName}:CertificatePath could not be read (wrong password or not a PFX file).", exception);
            }

            return RequirePrivateKey(certificate, "CertificatePath");
        }

        if (!string.IsNullOrWhiteSpace(options.CertificateThumbprint))
        {
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            {
                using var store = new X509Store(StoreName.My, location);
                try
                {
                    store.Open(OpenFlags.ReadOnly);
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                    continue;
                }

                var found = store.Certificates.Find(X509FindType.FindByThumbprint, options.CertificateThumbprint, validOnly: false);
                if (found.Count > 0)
                {
                    return RequirePrivateKey(found[0], "CertificateThumbprint");
                }
            }

            throw new InvalidOperationException($"{GraphCallingOptions.SectionName}:CertificateThumbprint names no certificate in the CurrentUser or LocalMachine 'My' store.");
        }

        return null;
    }

    private static X509Certificate2 RequirePrivateKey(X509Certificate2 certificate, string setting)
    {
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{GraphCallingOptions.SectionName}:{setting} names a certificate without its private key.");
        }

        if (certificate.NotAfter.ToUniversalTime() < DateTime.UtcNow)
        {
            throw new InvalidOperationException($"{GraphCallingOptions.SectionName}:{setting} names a certificate that expired on {certificate.NotAfter:yyyy-MM-dd}.");
        }

        return certificate;
    }
}
