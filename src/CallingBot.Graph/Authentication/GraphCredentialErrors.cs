using CallingBot.Graph.Configuration;

namespace CallingBot.Graph.Authentication;

/// <summary>Turns a token service error code into a start-up message that names the setting to fix.</summary>
public static class GraphCredentialErrors
{
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
