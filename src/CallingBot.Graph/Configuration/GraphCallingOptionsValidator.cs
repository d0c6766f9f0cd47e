using Microsoft.Extensions.Options;

namespace CallingBot.Graph.Configuration;

/// <summary>Reports every invalid Graph setting at start, each message naming the setting.</summary>
public sealed class GraphCallingOptionsValidator : IValidateOptions<GraphCallingOptions>
{
    public ValidateOptionsResult Validate(string? name, GraphCallingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var section = GraphCallingOptions.SectionName;
        if (!Guid.TryParse(options.AppId, out _))
        {
            errors.Add($"{section}:AppId must be the bot's application (client) id, a GUID.");
        }

        if (!Guid.TryParse(options.TenantId, out _))
        {
            errors.Add($"{section}:TenantId must be the bot's tenant id, a GUID.");
        }

        var credentials = (string.IsNullOrWhiteSpace(options.ClientSecret) ? 0 : 1)
            + (string.IsNullOrWhiteSpace(options.CertificatePath) ? 0 : 1)
            + (string.IsNullOrWhiteSpace(options.CertificateThumbprint) ? 0 : 1);
        if (credentials == 0)
        {
            errors.Add($"{section}: set one credential: ClientSecret, CertificatePath (+ CertificatePassword) or CertificateThumbprint.");
        }
        else if (credentials > 1)
        {
            errors.Add($"{section}: set only one of ClientSecret, CertificatePath and CertificateThumbprint.");
        }

        if (!string.IsNullOrWhiteSpace(options.CertificatePath) && !File.Exists(options.CertificatePath))
        {
            errors.Add($"{section}:CertificatePath '{options.CertificatePath}' does not exist.");
        }

        if (!string.IsNullOrWhiteSpace(options.CertificateThumbprint) && !IsThumbprint(options.CertificateThumbprint))
        {
            errors.Add($"{section}:CertificateThumbprint must be 40 hexadecimal characters.");
        }

        if (options.CallbackUrl is { } callback && (!callback.IsAbsoluteUri || callback.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{section}:CallbackUrl must be an absolute https URL (Graph only calls https webhooks).");
        }

        if (options.ServiceBaseUrl is not { IsAbsoluteUri: true } service || service.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{section}:ServiceBaseUrl must be an absolute https URL.");
        }

        if (options.AuthorityHost is not { IsAbsoluteUri: true } authority || authority.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{section}:AuthorityHost must be an absolute https URL.");
        }

        if (string.IsNullOrWhiteSpace(options.AppName))
        {
            errors.Add($"{section}:AppName must not be empty.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsThumbprint(string value) => value.Length == 40 && value.All(char.IsAsciiHexDigit);
}
