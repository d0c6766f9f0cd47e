using System.Security.Cryptography;
using System.Text;
using CallingBot.Core.Recovery;
using CallingBot.Graph.Configuration;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Recovery;

/// <summary>
/// Places the embedded live call store: by default <c>data/recovery/{appId}-{service}</c> under the content root, one
/// folder per application and calling service (a restarted bot finds the calls it held at the same service, and
/// never the records of another application or emulator); a relative configured directory is taken from the
/// content root.
/// </summary>
internal sealed class RecoveryDirectoryDefaults(IHostEnvironment environment, IOptions<GraphCallingOptions> graph) : IPostConfigureOptions<CallRecoveryOptions>
{
    public const string DefaultRoot = "data/recovery";

    public void PostConfigure(string? name, CallRecoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Directory is null)
        {
            options.Directory = Path.Combine(environment.ContentRootPath, DefaultRoot, FolderName(graph.Value));
        }
        else if (options.Directory.Length > 0 && !string.IsNullOrWhiteSpace(options.Directory))
        {
            options.Directory = Path.GetFullPath(options.Directory, environment.ContentRootPath);
        }
    }

    /// <summary>The application id and a short hash of the service's base URL: a stable, file-system-safe name.</summary>
    internal static string FolderName(GraphCallingOptions graph)
    {
        var app = string.Concat((graph.AppId ?? "app").Where(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
        var service = SHA256.HashData(Encoding.UTF8.GetBytes(graph.ServiceBaseUrl.AbsoluteUri.ToLowerInvariant()));
        return $"{(app.Length == 0 ? "app" : app)}-{Convert.ToHexStringLower(service.AsSpan(0, 4))}";
    }
}
