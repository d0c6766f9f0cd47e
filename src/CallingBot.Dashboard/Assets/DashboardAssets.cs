using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CallingBot.Dashboard.Assets;

/// <summary>
/// The dashboard's pages, script, style and icon, embedded in this assembly (nothing is fetched from anywhere else),
/// served with their content type, an entity tag and security headers: a strict Content-Security-Policy (scripts and
/// styles from this origin only, no inline script), no sniffing, no framing, no referrer.
/// </summary>
internal static class DashboardAssets
{
    /// <summary>The Content-Security-Policy of every dashboard response.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private const string Prefix = "CallingBot.Dashboard.wwwroot.";

    private static readonly FrozenDictionary<string, DashboardAsset> Files = Load();

    public static IEnumerable<string> Names => Files.Keys;

    public static DashboardAsset? Find(string name) => Files.GetValueOrDefault(name);

    /// <summary>Adds the headers every dashboard response carries.</summary>
    public static void ApplySecurityHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
    }

    /// <summary>
    /// Serves <paramref name="asset"/>: pages are never cached (they are behind the sign-in); the other files are
    /// revalidated by entity tag on every use, so a new version of the bot is picked up at once.
    /// </summary>
    public static IResult Serve(HttpContext context, DashboardAsset asset, bool page)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(asset);
        var response = context.Response;
        if (page)
        {
            response.Headers.CacheControl = "no-store";
            return Results.Bytes(asset.Content, asset.ContentType);
        }

        response.Headers.CacheControl = "no-cache";
        response.Headers.ETag = asset.ETag;
        var ifNoneMatch = context.Request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0 && EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
            && tags.Any(t => t.Tag.Equals(asset.ETag, StringComparison.Ordinal) || t.Equals(EntityTagHeaderValue.Any)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, DashboardAsset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var name = resource[Prefix.Length..];
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..20] + "\"";
            files[name] = new DashboardAsset(name, content, ContentType(name), etag);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => throw new InvalidOperationException($"The dashboard asset {name} has no known content type."),
    };
}
