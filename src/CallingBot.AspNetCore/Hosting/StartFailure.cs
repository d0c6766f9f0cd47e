using System.Security.Cryptography;
using Microsoft.AspNetCore.Connections;

namespace CallingBot.AspNetCore.Hosting;

/// <summary>
/// Turns the common reasons a start fails into one line that says what to change, instead of a stack trace: an
/// address already in use, a missing or unreadable server certificate. Anything else is not described here (the
/// caller lets it surface as it is).
/// </summary>
internal static class StartFailure
{
    /// <summary>Exit code of a start that failed for a reason <see cref="Describe"/> names.</summary>
    public const int ExitCode = 3;

    /// <summary>The one-line explanation of <paramref name="exception"/>, or null when it is not a known start failure.</summary>
    public static string? Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case CallingBotStartException explained:
                    return explained.Message;
                case IOException bind when bind.InnerException is AddressInUseException:
                    return $"{FirstSentence(bind.Message)} Another process is listening there: stop it, or listen elsewhere with --urls (or the ASPNETCORE_URLS variable, the Urls setting, or Kestrel:Endpoints).";
                case AddressInUseException inUse:
                    return $"An address to listen on is already in use ({inUse.Message}). Stop the other process, or listen elsewhere with --urls (or ASPNETCORE_URLS, Urls, Kestrel:Endpoints).";
                case InvalidOperationException https when https.Message.Contains("No server certificate was specified", StringComparison.Ordinal):
                    return "HTTPS needs a server certificate: set Kestrel:Certificates:Default:Path (and :Password) to a PFX file, or listen on http:// behind a proxy that terminates TLS (docs/deployment.md).";
                case FileNotFoundException missing when LooksLikeCertificate(missing.FileName):
                    return $"The server certificate file '{missing.FileName}' does not exist: check Kestrel:Certificates:Default:Path (or the endpoint's Certificate:Path).";
                case CryptographicException:
                    return "The server certificate could not be loaded (a wrong password, or not a PFX/PEM file with its private key): check Kestrel:Certificates:Default:Path and :Password.";
            }
        }

        return null;
    }

    private static bool LooksLikeCertificate(string? path) =>
        path is not null && (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".crt", StringComparison.OrdinalIgnoreCase));

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(": address already in use", StringComparison.OrdinalIgnoreCase);
        return end > 0 ? message[..end] + ": the address is already in use." : message.TrimEnd('.') + ".";
    }
}
