using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CallingBot.Emulator.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace CallingBot.Emulator.Identity;

/// <summary>
/// The app registrations the token service knows, with their parsed certificates. Whoever registers an app id decides
/// its secret, certificates and callback, so replacing a registration is explicit: the control API needs a replace flag
/// (409 without it) and every replacement is logged.
/// </summary>
internal sealed partial class ApplicationRegistry(bool allowHttpCallbacks, ILogger<ApplicationRegistry> logger)
{
    private readonly ConcurrentDictionary<string, Registration> _apps = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _gate = new();

    /// <summary>
    /// Registers <paramref name="app"/> for the control API: an app id already registered is replaced only when
    /// <paramref name="replace"/> is true (logged as a Warning), else <see cref="InvalidOperationException"/> (409).
    /// Returns whether an earlier registration was replaced.
    /// </summary>
    public bool Register(EmulatedApplication app, bool replace)
    {
        var registration = Prepare(app);
        lock (_gate)
        {
            var exists = _apps.ContainsKey(app.AppId);
            CheckRoom(exists);
            if (exists && !replace)
            {
                throw new InvalidOperationException(
                    $"Application '{app.AppId}' is already registered. Send \"replace\": true to replace its secret, certificates and callback.");
            }

            _apps[app.AppId] = registration;
            if (exists)
            {
                Log.Replaced(logger, app.AppId, app.CallbackUri?.ToString() ?? "(none)");
            }

            return exists;
        }
    }

    /// <summary>
    /// Registers <paramref name="app"/> for the in-process owner of the emulator (options, <c>GraphEmulator.RegisterApplication</c>):
    /// adds or replaces, a replacement logged at Information.
    /// </summary>
    public void RegisterByOwner(EmulatedApplication app)
    {
        var registration = Prepare(app);
        lock (_gate)
        {
            var exists = _apps.ContainsKey(app.AppId);
            CheckRoom(exists);
            _apps[app.AppId] = registration;
            if (exists)
            {
                Log.ReplacedByOwner(logger, app.AppId, app.CallbackUri?.ToString() ?? "(none)");
            }
        }
    }

    private void CheckRoom(bool exists)
    {
        if (!exists && _apps.Count >= EmulatorLimits.MaxDirectoryEntries)
        {
            throw new InvalidOperationException($"{EmulatorLimits.MaxDirectoryEntries} applications are registered; no more are accepted.");
        }
    }

    private Registration Prepare(EmulatedApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var errors = app.Validate("application", allowHttpCallbacks).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(app));
        }

        return new Registration(app, app.Certificates.Select(LoadCertificate).ToList());
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

    private static partial class Log
    {
        [LoggerMessage(EventId = EmulatorEventIds.ApplicationReplaced, EventName = nameof(EmulatorEventIds.ApplicationReplaced), Level = LogLevel.Warning, Message = "Application {AppId} was registered again through the control API: its secret, certificates and callback ({CallbackUri}) replace the earlier ones")]
        public static partial void Replaced(ILogger logger, string appId, string callbackUri);

        [LoggerMessage(EventId = EmulatorEventIds.ApplicationReplacedByOwner, EventName = nameof(EmulatorEventIds.ApplicationReplacedByOwner), Level = LogLevel.Information, Message = "Application {AppId} was registered again by the emulator's owner; callback {CallbackUri}")]
        public static partial void ReplacedByOwner(ILogger logger, string appId, string callbackUri);
    }
}
