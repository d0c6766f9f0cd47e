namespace CallingBot.Emulator.Softphone;

/// <summary>The softphone page served at <c>/emulator/softphone/</c> (section <c>Emulator:Softphone</c>).</summary>
public sealed class SoftphoneOptions
{
    /// <summary>Serves the page, its assets and its audio sockets. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Audio sockets of pages open at once (1 – 64). Default 8; more are closed at once with a reason.</summary>
    public int MaxAudioConnections { get; set; } = 8;

    /// <summary>
    /// Where service-hosted prompts are read from, by URI prefix: a prompt whose URI starts with a key is played from the
    /// file of the same relative path under the value's directory (e.g. <c>"https://media.contoso.com/ivr/": "/home/me/ivr"</c>).
    /// <c>file:</c> URIs are read as they are. Other prompts sound as a tone, with their name shown.
    /// </summary>
    public Dictionary<string, string> PromptDirectories { get; set; } = new(StringComparer.Ordinal);

    internal IEnumerable<string> Validate()
    {
        if (MaxAudioConnections is < 1 or > 64)
        {
            yield return "Emulator:Softphone:MaxAudioConnections must be between 1 and 64.";
        }

        foreach (var (prefix, directory) in PromptDirectories)
        {
            if (!Uri.TryCreate(prefix, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || prefix.Length > EmulatorLimits.MaxUriLength)
            {
                yield return $"Emulator:Softphone:PromptDirectories: '{Shorten(prefix)}' must be an absolute http(s) URI of at most {EmulatorLimits.MaxUriLength} characters.";
            }
            else if (string.IsNullOrWhiteSpace(directory) || !Path.IsPathFullyQualified(directory))
            {
                yield return $"Emulator:Softphone:PromptDirectories:{prefix} must be an absolute directory path.";
            }
        }
    }

    private static string Shorten(string value) => value.Length <= 100 ? value : value[..100] + "…";
}
