using CallingBot.Acs.Configuration;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Acs;

/// <summary>Reports every invalid setting of the ACS endpoints at start, each naming its setting.</summary>
internal sealed class AcsEndpointOptionsValidator : IValidateOptions<AcsEndpointOptions>
{
    public const int MinSecretLength = 32;

    public ValidateOptionsResult Validate(string? name, AcsEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = AcsOptions.SectionName;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ResourceId))
        {
            errors.Add($"{Section}:ResourceId is required: the resource's immutable id, the audience of Call Automation's callback tokens.");
        }

        if (string.IsNullOrWhiteSpace(options.CallbackTokenIssuer))
        {
            errors.Add($"{Section}:CallbackTokenIssuer must not be empty (default {AcsEndpointOptions.DefaultTokenIssuer}).");
        }

        if (options.CallbackTokenMetadataUrl is not { IsAbsoluteUri: true } metadata || metadata.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{Section}:CallbackTokenMetadataUrl must be an absolute https URL (default {AcsEndpointOptions.DefaultTokenMetadataUrl}).");
        }

        if (options.EventGridSubscriptions.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{Section}:EventGridSubscriptions must not hold empty names.");
        }

        if (options.EventGridSubscriptions.Count > 0 && (options.EventGridSecret?.Length ?? 0) < MinSecretLength)
        {
            errors.Add($"{Section}:EventGridSecret must have at least {MinSecretLength} characters when EventGridSubscriptions is set: the code query parameter of the subscription's endpoint URL.");
        }

        if (options.MaxEventBodyBytes is < 4096 or > 4 * 1024 * 1024)
        {
            errors.Add($"{Section}:MaxEventBodyBytes must be between 4096 and 4194304.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
