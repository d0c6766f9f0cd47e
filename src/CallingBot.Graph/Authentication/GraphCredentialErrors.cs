using CallingBot.Core.Platform;
using CallingBot.Graph.Configuration;
using Microsoft.Identity.Client;

namespace CallingBot.Graph.Authentication;

/// <summary>
/// Translates the token service's (MSAL's) errors into Core's <see cref="PlatformException"/>, so nothing past the
/// adapter inspects MSAL types: refused credentials are <see cref="PlatformErrorKind.Unauthorized"/> with a message
/// naming the setting to fix; anything else is <see cref="PlatformErrorKind.Unavailable"/>. Messages carry MSAL's
/// error code, never a secret.
/// </summary>
public static class GraphCredentialErrors
{
    /// <summary>The platform error for a failed token request.</summary>
    internal static PlatformException Translate(GraphCallingOptions options, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            MsalServiceException { StatusCode: 400 or 401 } refused => new PlatformException(PlatformErrorKind.Unauthorized, Describe(options, refused.ErrorCode), refused),
            MsalException other => new PlatformException(PlatformErrorKind.Unavailable, $"The token service did not issue a token ({other.ErrorCode}).", other),
            _ => new PlatformException(PlatformErrorKind.Unavailable, "The token service could not be reached.", exception),
        };
    }

    /// <summary>A start-up message for a refused token request that names the setting to fix.</summary>
    public static string Describe(GraphCallingOptions options, string? errorCode)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = GraphCallingOptions.SectionName;
        var setting = options.CredentialKind switch
        {
            "certificate file" => $"{section}:CertificatePath",
            "certificate store" => $"{section}:CertificateThumbprint",
            _ => $"{section}:ClientSecret",
        };
        return errorCode switch
        {
            "invalid_client" => $"{setting} was refused by the token service for app {options.AppId} ({errorCode}): the secret is wrong or expired, or the certificate is not registered on the app.",
            "unauthorized_client" => $"{section}:AppId {options.AppId} is not known in tenant {options.TenantId} ({errorCode}): check AppId and TenantId, and that the app is consented in that tenant.",
            "invalid_scope" => $"{section}:Scope '{options.Scope}' was refused by the token service ({errorCode}); it must end in /.default.",
            _ => $"The token service refused the bot's credentials ({setting}, app {options.AppId}, tenant {options.TenantId}): {errorCode}.",
        };
    }
}
