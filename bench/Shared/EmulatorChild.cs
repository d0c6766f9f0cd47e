using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace CallingBot.Bench.Shared;

/// <summary>
/// The standalone emulator (<c>dotnet CallingBot.Emulator.dll</c>) started as a child process on free loopback ports,
/// ready to serve, with its TLS certificate: as PEM for a bot process's <c>SSL_CERT_FILE</c>, as the PFX it serves
/// (private key included) for a bot that serves https on the same certificate, and loaded.
/// </summary>
internal sealed record EmulatorChild(ChildProcess Process, Uri HttpsBase, string CertificatePemPath, string CertificatePfxPath, X509Certificate2 Certificate)
{
    /// <summary>
    /// Starts the emulator with its data under <paramref name="directory"/><c>/emulator</c>, points
    /// <paramref name="control"/> at its control API (plain HTTP) and waits until it answers there. The process is
    /// stopped again if it does not become ready.
    /// </summary>
    public static async Task<EmulatorChild> StartAsync(string emulatorDll, string directory, string tenantId, HttpClient control)
    {
        ArgumentNullException.ThrowIfNull(control);
        var httpsPort = ChildProcess.FreePort();
        var httpPort = ChildProcess.FreePort();
        var data = Path.Combine(directory, "emulator");
        Directory.CreateDirectory(data);
        var process = ChildProcess.Start("emulator", "dotnet", [emulatorDll], new Dictionary<string, string?>
        {
            ["Emulator__HttpsPort"] = httpsPort.ToString(CultureInfo.InvariantCulture),
            ["Emulator__HttpPort"] = httpPort.ToString(CultureInfo.InvariantCulture),
            ["Emulator__DataDirectory"] = data,
            ["Emulator__DefaultTenantId"] = tenantId,
            ["Logging__LogLevel__Default"] = "Warning",
        }, data);
        try
        {
            control.BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/");
            await process.WaitUntilServingAsync(control, new Uri("emulator", UriKind.Relative), "emulator ready", TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            var der = await control.GetByteArrayAsync(new Uri("emulator/certificate", UriKind.Relative)).ConfigureAwait(false);
            var pem = Path.Combine(directory, "emulator.pem");
            using (var served = X509CertificateLoader.LoadCertificate(der))
            {
                await File.WriteAllTextAsync(pem, served.ExportCertificatePem()).ConfigureAwait(false);
            }

            var pfx = Path.Combine(data, "emulator-tls.pfx");
            return new EmulatorChild(process, new Uri($"https://127.0.0.1:{httpsPort}/"), pem, pfx, X509CertificateLoader.LoadPkcs12FromFile(pfx, null));
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
