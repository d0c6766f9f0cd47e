using System.Net;

namespace CallingBot.Emulator.Http;

/// <summary>
/// The host names the emulator answers to: loopback names (<c>localhost</c>, <c>*.localhost</c>, <c>127.0.0.1</c> and
/// every other loopback address, <c>[::1]</c>), the bind address when it is a specific address, and
/// <see cref="EmulatorOptions.AllowedHosts"/> (exact names or <c>*.suffix</c> patterns). A web page whose own name
/// resolves to 127.0.0.1 (DNS rebinding) sends its own name as Host and Origin, so it is refused.
/// </summary>
internal sealed class HostNames
{
    private readonly HashSet<string> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _suffixes = [];
    private readonly List<IPAddress> _addresses = [];

    public HostNames(EmulatorOptions options)
    {
        if (IPAddress.TryParse(options.BindAddress, out var bind) && !bind.Equals(IPAddress.Any) && !bind.Equals(IPAddress.IPv6Any))
        {
            _addresses.Add(bind);
        }

        foreach (var entry in options.AllowedHosts)
        {
            var name = Normalize(entry);
            if (name.StartsWith("*.", StringComparison.Ordinal))
            {
                _suffixes.Add(name[1..]);
            }
            else if (IPAddress.TryParse(name, out var address))
            {
                _addresses.Add(address);
            }
            else
            {
                _exact.Add(name);
            }
        }
    }

    /// <summary>Whether <paramref name="host"/> (a Host header's host part, without port) names this emulator.</summary>
    public bool IsAllowed(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        var name = Normalize(host);
        if (IPAddress.TryParse(name, out var address))
        {
            return IPAddress.IsLoopback(address) || _addresses.Exists(a => a.Equals(address));
        }

        return string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || _exact.Contains(name)
            || _suffixes.Exists(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whether <paramref name="origin"/> (an Origin header) is a page served from one of these names.</summary>
    public bool IsAllowedOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && IsAllowed(uri.Host);

    /// <summary>The problem with one <see cref="EmulatorOptions.AllowedHosts"/> entry, or null when it is valid.</summary>
    public static string? Validate(string? entry)
    {
        if (string.IsNullOrWhiteSpace(entry))
        {
            return "must not be empty";
        }

        var name = Normalize(entry);
        var bare = name.StartsWith("*.", StringComparison.Ordinal) ? name[2..] : name;
        return bare.Length == 0 || bare.Contains('*', StringComparison.Ordinal) || Uri.CheckHostName(bare) == UriHostNameType.Unknown
            ? $"'{entry}' is not a host name, an IP address or a '*.suffix' pattern (no scheme, port or path)"
            : null;
    }

    private static string Normalize(string host)
    {
        var name = host.Trim();
        if (name.Length > 1 && name[0] == '[' && name[^1] == ']')
        {
            name = name[1..^1];
        }

        return name.TrimEnd('.');
    }
}
