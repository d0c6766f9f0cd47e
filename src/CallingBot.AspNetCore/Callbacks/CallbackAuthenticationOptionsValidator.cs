using CallingBot.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Callbacks;

/// <summary>Reports every invalid callback authentication setting at start, each message naming the setting.</summary>
internal sealed class CallbackAuthenticationOptionsValidator(HostMode mode) : IValidateOptions<CallbackAuthenticationOptions>
{
    public ValidateOptionsResult Validate(string? name, CallbackAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = CallbackAuthenticationOptions.SectionName;
        var errors = new List<string>();
        if (options.AllowHttpMetadata && mode == HostMode.Real)
        {
            errors.Add($"{section}:AllowHttpMetadata must be false in real mode: signing keys are only fetched over https.");
        }

        for (var i = 0; i < options.Authorities.Count; i++)
        {
            var authority = options.Authorities[i];
            var key = $"{section}:Authorities:{i}";
            if (authority.MetadataUrl is not { IsAbsoluteUri: true } metadata
                || (metadata.Scheme != Uri.UriSchemeHttps && !(options.AllowHttpMetadata && metadata.Scheme == Uri.UriSchemeHttp)))
            {
                errors.Add($"{key}:MetadataUrl must be an absolute https URL of an OpenID configuration document.");
            }

            if (authority.IssuerPrefixes.Count == 0 && authority.ExactIssuers.Count == 0)
            {
                errors.Add($"{key}: set IssuerPrefixes or ExactIssuers, or the authority accepts no token.");
            }

            foreach (var prefix in authority.IssuerPrefixes)
            {
                if (!Uri.TryCreate(prefix, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
                {
                    errors.Add($"{key}:IssuerPrefixes: '{prefix}' must be an absolute https URL.");
                }
            }

            if (string.IsNullOrWhiteSpace(authority.Name))
            {
                errors.Add($"{key}:Name must not be empty.");
            }
        }

        AddNonGuids(errors, options.TrustedCallerAppIds, $"{section}:TrustedCallerAppIds");
        AddNonGuids(errors, options.AllowedTenants, $"{section}:AllowedTenants");
        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{section}:ClockSkew must be between 00:00:00 and 00:05:00.");
        }

        if (options.MaxBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            errors.Add($"{section}:MaxBodyBytes must be between 1024 and 16777216.");
        }

        if (options.MaxTokenLength is < 1024 or > 64 * 1024)
        {
            errors.Add($"{section}:MaxTokenLength must be between 1024 and 65536.");
        }

        if (options.MinimumKeyRefreshInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{section}:MinimumKeyRefreshInterval must be at least 00:00:01.");
        }

        if (options.KeyRefreshInterval < options.MinimumKeyRefreshInterval)
        {
            errors.Add($"{section}:KeyRefreshInterval must not be shorter than MinimumKeyRefreshInterval.");
        }

        if (options.MaxRequestsPerToken is < 1 or > 10_000_000)
        {
            errors.Add($"{section}:MaxRequestsPerToken must be between 1 and 10000000.");
        }

        if (options.TokenRequestWindow < TimeSpan.FromSeconds(1) || options.TokenRequestWindow > TimeSpan.FromHours(1))
        {
            errors.Add($"{section}:TokenRequestWindow must be between 00:00:01 and 01:00:00.");
        }

        if (options.ReplayCacheCapacity is < 1000 or > 10_000_000)
        {
            errors.Add($"{section}:ReplayCacheCapacity must be between 1000 and 10000000.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void AddNonGuids(List<string> errors, List<string> values, string setting)
    {
        foreach (var value in values)
        {
            if (!Guid.TryParse(value, out _))
            {
                errors.Add($"{setting}: '{value}' is not a GUID.");
            }
        }
    }
}
