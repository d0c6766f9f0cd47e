using Microsoft.Extensions.Options;

namespace CallingBot.Graph.Media;

/// <summary>Checks <see cref="WebSocketMediaOptions"/> at start.</summary>
public sealed class WebSocketMediaOptionsValidator : IValidateOptions<WebSocketMediaOptions>
{
    public ValidateOptionsResult Validate(string? name, WebSocketMediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PublicUrl is { } url
            && (!url.IsAbsoluteUri || (url.Scheme != "wss" && url.Scheme != Uri.UriSchemeHttps) || !string.IsNullOrEmpty(url.Query)))
        {
            return ValidateOptionsResult.Fail(
                $"{WebSocketMediaOptions.SectionName}:PublicUrl must be an absolute wss:// or https:// URL without a query (got '{url}').");
        }

        return ValidateOptionsResult.Success;
    }
}
