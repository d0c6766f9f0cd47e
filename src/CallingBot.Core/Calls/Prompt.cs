using System.Diagnostics.CodeAnalysis;

namespace CallingBot.Core.Calls;

/// <summary>An audio prompt the calling service plays: a WAV file at an https URL.</summary>
public sealed record Prompt
{
    public Prompt(Uri uri, string? resourceId = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!IsPromptUri(uri))
        {
            throw new ArgumentException($"Prompt URI '{uri}' must be an absolute http(s) URL.", nameof(uri));
        }

        Uri = uri;
        ResourceId = resourceId ?? Guid.NewGuid().ToString();
    }

    public Uri Uri { get; }

    public string ResourceId { get; }

    public static Prompt FromUrl(string url) => new(new Uri(url, UriKind.Absolute));

    /// <summary>A prompt for <paramref name="url"/>, or false when it is not an absolute http(s) URL.</summary>
    public static bool TryCreate(string? url, [NotNullWhen(true)] out Prompt? prompt)
    {
        prompt = Uri.TryCreate(url, UriKind.Absolute, out var uri) && IsPromptUri(uri) ? new Prompt(uri) : null;
        return prompt is not null;
    }

    private static bool IsPromptUri(Uri uri) =>
        uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
