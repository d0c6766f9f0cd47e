namespace CallingBot.Emulator.Http;

/// <summary>Names the segment of a path no endpoint serves, as Graph's "Resource not found for the segment" error does.</summary>
internal static class UnknownSegment
{
    private static readonly string[] Collections = ["communications", "app", "calls", "participants", "operations", "audioRoutingGroups", "contentSharingSessions"];

    /// <summary>
    /// The first segment after the version that is neither a known collection nor the id that follows one; the last
    /// segment when every one is known (an action the resource does not have).
    /// </summary>
    public static string Of(string? path)
    {
        var segments = (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return "";
        }

        var start = segments[0] is "v1.0" or "beta" ? 1 : 0;
        var afterCollection = false;
        for (var i = start; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (afterCollection && !IsRoot(segment))
            {
                afterCollection = false;
                continue;
            }

            if (!Collections.Contains(segment, StringComparer.OrdinalIgnoreCase))
            {
                return Uri.UnescapeDataString(segment);
            }

            afterCollection = !IsRoot(segment);
        }

        return Uri.UnescapeDataString(segments[^1]);
    }

    private static bool IsRoot(string segment) =>
        string.Equals(segment, "communications", StringComparison.OrdinalIgnoreCase) || string.Equals(segment, "app", StringComparison.OrdinalIgnoreCase);
}
