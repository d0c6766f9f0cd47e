using Microsoft.Extensions.Options;

namespace CallingBot.Acs.Configuration;

/// <summary>Reports every invalid ACS setting at start, each message naming the setting.</summary>
public sealed partial class AcsOptionsValidator : IValidateOptions<AcsOptions>
{
    public ValidateOptionsResult Validate(string? name, AcsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string Section = AcsOptions.SectionName;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            if (!AcsConnectionString.TryParse(options.ConnectionString, out _, out _))
            {
                errors.Add($"{Section}:ConnectionString must have the form endpoint=https://...;accesskey=... .");
            }

            if (options.Endpoint is not null || !string.IsNullOrWhiteSpace(options.AccessKey))
            {
                errors.Add($"{Section}: set either ConnectionString or Endpoint + AccessKey, not both.");
            }
        }
        else
        {
            if (options.Endpoint is null)
            {
                errors.Add($"{Section}:Endpoint is required: the resource's https endpoint (or set ConnectionString).");
            }

            if (string.IsNullOrWhiteSpace(options.AccessKey))
            {
                errors.Add($"{Section}:AccessKey is required: the resource's base64 access key (or set ConnectionString).");
            }
        }

        if (options.ResolveEndpoint() is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{Section}:Endpoint must be an absolute https URL (the resource endpoint).");
        }

        if (options.ResolveAccessKey() is { Length: > 0 } key && !IsBase64(key))
        {
            errors.Add($"{Section}:AccessKey must be base64 (copy the key from the resource's Keys page).");
        }

        if ((options.CallbackUrl is not null || !options.CallbackUrlFromHost)
            && (options.CallbackUrl is not { IsAbsoluteUri: true } callback || callback.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{Section}:CallbackUrl must be an absolute https URL (ACS posts call events there).");
        }

        if (string.IsNullOrWhiteSpace(options.ApiVersion))
        {
            errors.Add($"{Section}:ApiVersion must not be empty (default {AcsOptions.DefaultApiVersion}).");
        }
        else if (!ApiVersionPattern().IsMatch(options.ApiVersion))
        {
            errors.Add($"{Section}:ApiVersion must be a date version such as {AcsOptions.DefaultApiVersion} or 2024-09-01-preview.");
        }

        if (string.IsNullOrWhiteSpace(options.SourceUserId))
        {
            errors.Add($"{Section}:SourceUserId is required: the bot's ACS identity (8:acs:...), sent as the call source.");
        }

        if (options.CallerIdNumber is not null && !Core.Calls.PhoneNumber.IsE164(options.CallerIdNumber))
        {
            errors.Add($"{Section}:CallerIdNumber must be an E.164 number (+ followed by 7 to 15 digits).");
        }

        if (options.MediaStreamingTransportUrl is { } media && (!media.IsAbsoluteUri || media.Scheme != "wss"))
        {
            errors.Add($"{Section}:MediaStreamingTransportUrl must be an absolute wss URL.");
        }
        else if (options.MediaStreamingTransportUrl is { } withQuery && !string.IsNullOrEmpty(withQuery.Query))
        {
            errors.Add($"{Section}:MediaStreamingTransportUrl is the media endpoint's base address and must have no query: the bot adds /media/{{session}}?token=… per call.");
        }

        if (!Enum.IsDefined(options.MediaStreamingAudioChannel))
        {
            errors.Add($"{Section}:MediaStreamingAudioChannel must be Mixed or Unmixed.");
        }

        if (!Enum.IsDefined(options.MediaStreamingAudioFormat))
        {
            errors.Add($"{Section}:MediaStreamingAudioFormat must be Pcm16KMono or Pcm24KMono.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            errors.Add($"{Section}:MaxRetries must be between 0 and 10.");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.MaxRetryDelay < options.RetryDelay)
        {
            errors.Add($"{Section}:RetryDelay must not be negative and MaxRetryDelay must be at least RetryDelay.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsBase64(string value)
    {
        var buffer = new byte[((value.Length * 3) + 3) / 4];
        return Convert.TryFromBase64String(value, buffer, out var written) && written > 0;
    }

    /// <summary>Call Automation's <c>api-version</c> values: a date, optionally with <c>-preview</c>.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(-preview)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ApiVersionPattern();
}
