namespace CallingBot.Acs.Configuration;

/// <summary>Parses <c>endpoint=https://...;accesskey=...</c> (keys case-insensitive, in any order).</summary>
internal static class AcsConnectionString
{
    public static bool TryParse(string? value, out Uri? endpoint, out string? accessKey)
    {
        endpoint = null;
        accessKey = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = part[..equals].Trim();
            var item = part[(equals + 1)..].Trim();
            if (name.Equals("endpoint", StringComparison.OrdinalIgnoreCase))
            {
                Uri.TryCreate(item, UriKind.Absolute, out endpoint);
            }
            else if (name.Equals("accesskey", StringComparison.OrdinalIgnoreCase))
            {
                accessKey = item;
            }
        }

        return endpoint is not null && !string.IsNullOrEmpty(accessKey);
    }
}
