using System.Security.Cryptography.X509Certificates;

namespace CallingBot.Emulator.Identity;

/// <summary>An application registration (a bot) known to the emulator's token service.</summary>
public sealed class EmulatedApplication
{
    /// <summary>The application (client) id.</summary>
    public string AppId { get; set; } = "";

    public string DisplayName { get; set; } = "Calling Bot";

    /// <summary>Home tenant of the app; null means the emulator's default tenant.</summary>
    public string? TenantId { get; set; }

    /// <summary>Client secret accepted by the token endpoint; null disables secret authentication.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// Certificates accepted for client assertions: each entry is a path to a .cer/.pem file or the base64 DER
    /// of the certificate. Their SHA-1 and SHA-256 thumbprints are matched against the assertion's x5t headers.
    /// </summary>
    public List<string> Certificates { get; set; } = [];

    /// <summary>Granted application permissions; null grants all five calling permissions.</summary>
    public List<string>? Permissions { get; set; }

    /// <summary>
    /// The bot's calling webhook (like the Azure Bot registration); incoming calls are sent there. Must be https unless
    /// <see cref="EmulatorOptions.AllowHttpCallbacks"/> is on.
    /// </summary>
    public Uri? CallbackUri { get; set; }

    /// <summary>Registers a certificate (only its public part is used) for client assertions.</summary>
    public EmulatedApplication AddCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Certificates.Add(Convert.ToBase64String(certificate.RawData));
        return this;
    }

    internal IReadOnlyList<string> GrantedPermissions => Permissions ?? GraphPermissions.All;

    internal IEnumerable<string> Validate(string path, bool allowHttpCallbacks)
    {
        if (string.IsNullOrWhiteSpace(AppId))
        {
            yield return $"{path}:AppId must not be empty.";
        }

        if (TenantId is not null && !Guid.TryParse(TenantId, out _))
        {
            yield return $"{path}:TenantId must be a GUID.";
        }

        foreach (var (value, max, field) in new (string?, int, string)[]
        {
            (AppId, EmulatorLimits.MaxIdLength, "AppId"),
            (DisplayName, EmulatorLimits.MaxDisplayNameLength, "DisplayName"),
            (TenantId, EmulatorLimits.MaxIdLength, "TenantId"),
            (ClientSecret, EmulatorLimits.MaxTextLength, "ClientSecret"),
            (CallbackUri?.OriginalString, EmulatorLimits.MaxUriLength, "CallbackUri"),
        })
        {
            if (value is { Length: var length } && length > max)
            {
                yield return $"{path}:{field} must be at most {max} characters; it has {length}.";
            }
        }

        if (Certificates.Count > EmulatorLimits.MaxListLength || (Permissions?.Count ?? 0) > EmulatorLimits.MaxListLength)
        {
            yield return $"{path}:Certificates and {path}:Permissions may have at most {EmulatorLimits.MaxListLength} entries each.";
        }

        for (var i = 0; i < Certificates.Count; i++)
        {
            if (Certificates[i] is not { Length: > 0 and <= EmulatorLimits.MaxCertificateLength })
            {
                yield return $"{path}:Certificates:{i} must be a certificate path or base64 DER of 1 to {EmulatorLimits.MaxCertificateLength} characters.";
            }
        }

        for (var i = 0; i < (Permissions?.Count ?? 0); i++)
        {
            if (Permissions![i] is not { Length: > 0 and <= EmulatorLimits.MaxIdLength })
            {
                yield return $"{path}:Permissions:{i} must be a permission name of 1 to {EmulatorLimits.MaxIdLength} characters.";
            }
        }

        if (CallbackUri is not null && !CallbackUris.IsAllowed(CallbackUri, allowHttpCallbacks))
        {
            yield return $"{path}:CallbackUri {CallbackUris.Requirement(allowHttpCallbacks)}";
        }
    }
}
