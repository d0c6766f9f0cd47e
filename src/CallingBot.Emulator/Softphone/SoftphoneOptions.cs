namespace CallingBot.Emulator.Softphone;

/// <summary>The softphone page served at <c>/emulator/softphone/</c> (section <c>Emulator:Softphone</c>).</summary>
public sealed class SoftphoneOptions
{
    /// <summary>At most this many prompt directories.</summary>
    public const int MaxPromptDirectories = 64;

    /// <summary>Serves the page, its assets and its audio sockets. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Audio sockets of pages open at once (1 – 64). Default 8; more are closed at once with a reason.</summary>
    public int MaxAudioConnections { get; set; } = 8;

    /// <summary>
    /// Where service-hosted prompts are read from, by URI prefix: a prompt whose URI starts with an entry's
    /// <see cref="PromptDirectory.UriPrefix"/> is played from the file of the same relative path under its
    /// <see cref="PromptDirectory.Directory"/>. <c>file:</c> URIs are read as they are. Other prompts sound as a tone, with
    /// their name shown.
    /// </summary>
    public List<PromptDirectory> PromptDirectories { get; set; } = [];

    internal IEnumerable<string> Validate()
    {
        if (MaxAudioConnections is < 1 or > 64)
        {
            yield return "Emulator:Softphone:MaxAudioConnections must be between 1 and 64.";
        }

        foreach (var problem in ValidateDirectories(PromptDirectories, "Emulator:Softphone:PromptDirectories"))
        {
            yield return problem;
        }
    }

    /// <summary>Every problem with <paramref name="directories"/>, each naming the entry under <paramref name="setting"/>.</summary>
    internal static IEnumerable<string> ValidateDirectories(IReadOnlyList<PromptDirectory?>? directories, string setting)
    {
        if (directories is null)
        {
            yield return $"{setting} must be a list.";
            yield break;
        }

        if (directories.Count > MaxPromptDirectories)
        {
            yield return $"{setting} has {directories.Count} entries; at most {MaxPromptDirectories} are accepted.";
            yield break;
        }

        for (var i = 0; i < directories.Count; i++)
        {
            var (prefix, directory) = (directories[i]?.UriPrefix ?? "", directories[i]?.Directory ?? "");
            if (!Uri.TryCreate(prefix, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || prefix.Length > EmulatorLimits.MaxUriLength)
            {
                yield return $"{setting}:{i}:UriPrefix ('{Shorten(prefix)}') must be an absolute http(s) URI of at most {EmulatorLimits.MaxUriLength} characters.";
            }

            if (string.IsNullOrWhiteSpace(directory) || directory.Length > EmulatorLimits.MaxUriLength || !Path.IsPathFullyQualified(directory))
            {
                yield return $"{setting}:{i}:Directory must be an absolute directory path of at most {EmulatorLimits.MaxUriLength} characters.";
            }
        }
    }

    private static string Shorten(string value) => value.Length <= 100 ? value : value[..100] + "…";
}

/// <summary>Prompts whose URI starts with <see cref="UriPrefix"/> are read from <see cref="Directory"/>.</summary>
public sealed class PromptDirectory
{
    /// <summary>An absolute http(s) URI prefix, e.g. <c>https://media.contoso.com/ivr/</c>.</summary>
    public string UriPrefix { get; set; } = "";

    /// <summary>An absolute directory on the emulator's machine, e.g. <c>/home/me/ivr</c>.</summary>
    public string Directory { get; set; } = "";
}
