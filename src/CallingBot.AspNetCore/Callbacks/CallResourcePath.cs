namespace CallingBot.AspNetCore.Callbacks;

/// <summary>
/// A notification's <c>resourceUrl</c> under <c>/communications/calls/</c>, split into segments: the call id, then
/// alternately a collection name and an item id (<c>/communications/calls/{callId}/participants/{participantId}</c>).
/// Every segment is 1 to <see cref="MaxIdLength"/> letters, digits, '-', '_' or '.', and not "." or "..".
/// </summary>
internal sealed class CallResourcePath
{
    public const string Prefix = "/communications/calls/";

    /// <summary>Longest accepted id segment.</summary>
    public const int MaxIdLength = 128;

    public const int MaxSegments = 6;

    private readonly string[] _segments;

    private CallResourcePath(string url, string[] segments)
    {
        Url = url;
        _segments = segments;
    }

    /// <summary>The resource URL as the notification gave it.</summary>
    public string Url { get; }

    public string CallId => _segments[0];

    /// <summary>The call's own path, the first part of <see cref="Url"/>.</summary>
    public string CallPath => Url[..(Prefix.Length + CallId.Length)];

    /// <summary>The call itself.</summary>
    public bool IsCall => _segments.Length == 1;

    /// <summary>One resource (the call, or an item such as <c>/operations/{id}</c>), as opposed to a collection (<c>/participants</c>).</summary>
    public bool IsEntity => _segments.Length % 2 == 1;

    /// <summary>The id an entity's <c>resourceData.id</c> must carry: the last segment.</summary>
    public string EntityId => _segments[^1];

    public static bool IsCallResource(string url) => url.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Null unless <paramref name="url"/> is <see cref="Prefix"/> followed by 1 to <see cref="MaxSegments"/> well-formed segments.</summary>
    public static CallResourcePath? TryParse(string url)
    {
        if (!IsCallResource(url))
        {
            return null;
        }

        var segments = url[Prefix.Length..].Split('/');
        if (segments.Length > MaxSegments || !segments.All(s => IsWellFormedId(s)))
        {
            return null;
        }

        return new CallResourcePath(url, segments);
    }

    /// <summary>The id grammar of calls, participants, operations and every other segment.</summary>
    public static bool IsWellFormedId(ReadOnlySpan<char> id)
    {
        if (id.Length is 0 or > MaxIdLength || id is "." or "..")
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when an <c>@odata.id</c> names <paramref name="path"/>: the path itself, as Graph sends it, or an absolute
    /// https URL whose path is it, optionally after one version segment (<c>https://graph.microsoft.com/v1.0/communications/...</c>).
    /// </summary>
    public static bool IsODataIdOf(string odataId, string path)
    {
        if (string.Equals(odataId, path, StringComparison.Ordinal))
        {
            return true;
        }

        if (!Uri.TryCreate(odataId, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return false;
        }

        var absolute = uri.AbsolutePath;
        if (!absolute.EndsWith(path, StringComparison.Ordinal))
        {
            return false;
        }

        var before = absolute.AsSpan(0, absolute.Length - path.Length);
        return before.Length == 0 || (before[0] == '/' && before[1..].IndexOf('/') < 0 && IsWellFormedId(before[1..]));
    }
}
