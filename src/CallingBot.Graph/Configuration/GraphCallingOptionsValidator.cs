using CallingBot.Graph.Authentication;
using Microsoft.Extensions.Options;

namespace CallingBot.Graph.Configuration;

/// <summary>Reports every invalid Graph setting at start, each message naming the setting.</summary>
public sealed class GraphCallingOptionsValidator(TimeProvider timeProvider) : IValidateOptions<GraphCallingOptions>
{
    public GraphCallingOptionsValidator()
        : this(TimeProvider.System)
    {
    }

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

        var thumbprintValid = string.IsNullOrWhiteSpace(options.CertificateThumbprint) || IsThumbprint(options.CertificateThumbprint);
        if (!thumbprintValid)
        {
            errors.Add($"{section}:CertificateThumbprint must be 40 hexadecimal characters.");
        }

        if (credentials == 1 && options.HasCertificate && thumbprintValid)
        {
            // Load the certificate now so a wrong password, a missing private key or an expired certificate stops the
            // service at start with the setting named, not at the first call.
            try
            {
                ClientCredentialLoader.LoadCertificate(options, timeProvider)?.Dispose();
            }
            catch (InvalidOperationException exception)
            {
                errors.Add(exception.Message);
            }
        }

        if (!string.IsNullOrWhiteSpace(options.ClientSecret) && options.ClientSecret.Trim().Length != options.ClientSecret.Length)
        {
            errors.Add($"{section}:ClientSecret has leading or trailing white space; copy the secret value exactly.");
        }

        if (string.IsNullOrWhiteSpace(options.Scope) || !options.Scope.EndsWith("/.default", StringComparison.Ordinal))
        {
            errors.Add($"{section}:Scope must be a resource's /.default scope, for example https://graph.microsoft.com/.default.");
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

        if (options.Resilience is null)
        {
            errors.Add($"{section}:Resilience must not be null.");
        }
        else
        {
            errors.AddRange(options.Resilience.Validate($"{section}:Resilience"));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsThumbprint(string value)
    {
        var compact = value.Replace(" ", string.Empty, StringComparison.Ordinal).Replace(":", string.Empty, StringComparison.Ordinal);
        return compact.Length == 40 && compact.All(char.IsAsciiHexDigit);
    }
}
