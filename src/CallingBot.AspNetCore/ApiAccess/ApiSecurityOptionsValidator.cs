using CallingBot.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.ApiAccess;

/// <summary>Reports every invalid API protection setting at start, each message naming the setting.</summary>
internal sealed class ApiSecurityOptionsValidator(HostMode mode) : IValidateOptions<ApiSecurityOptions>
{
    /// <summary>Shortest API key accepted from configuration.</summary>
    public const int MinimumApiKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, ApiSecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = ApiSecurityOptions.SectionName;
        var errors = new List<string>();
        if (mode == HostMode.Local && !string.IsNullOrEmpty(options.ApiKey) && options.ApiKey.Trim().Length < MinimumApiKeyLength)
        {
            errors.Add($"{section}:ApiKey must be at least {MinimumApiKeyLength} characters (or empty to generate one at start).");
        }

        if (options.Authority is { } authority && (!authority.IsAbsoluteUri || authority.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{section}:Authority must be an absolute https URL.");
        }

        foreach (var prefix in options.ProtectedPathPrefixes)
        {
            if (string.IsNullOrWhiteSpace(prefix) || !prefix.StartsWith('/') || prefix == "/" || prefix.StartsWith("/health", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{section}:ProtectedPathPrefixes: '{prefix}' must be a path such as /dashboard (not /, not under /health).");
            }
        }

        if (options.RequiredRoles.Concat(options.RequiredScopes).Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{section}:RequiredRoles and RequiredScopes must not contain empty values.");
        }

        if (options.MaxBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            errors.Add($"{section}:MaxBodyBytes must be between 1024 and 16777216.");
        }

        if (options.MaxJsonDepth is < 4 or > 256)
        {
            errors.Add($"{section}:MaxJsonDepth must be between 4 and 256.");
        }

        if (options.MaxJsonArrayLength is < 1 or > 1_000_000)
        {
            errors.Add($"{section}:MaxJsonArrayLength must be between 1 and 1000000.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
