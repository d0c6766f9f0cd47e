namespace CallingBot.Core.Calls;

/// <summary>An audio prompt the calling service plays: a WAV file at an https URL.</summary>
public sealed record Prompt
{
    public Prompt(Uri uri, string? resourceId = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"Prompt URI '{uri}' must be an absolute http(s) URL.", nameof(uri));
        }

        Uri = uri;
        ResourceId = resourceId ?? Guid.NewGuid().ToString();
    }

    public Uri Uri { get; }

    public string ResourceId { get; }

    public static Prompt FromUrl(string url) => new(new Uri(url, UriKind.Absolute));
}
