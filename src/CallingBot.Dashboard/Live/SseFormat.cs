using System.Text;

namespace CallingBot.Dashboard.Live;

/// <summary>
/// Server-sent events framing (HTML Living Standard, "Server-sent events"): <c>event:</c> then one <c>data:</c> line per
/// line of the data, ended by an empty line; a comment line starts with a colon and is ignored by the page.
/// </summary>
internal static class SseFormat
{
    public static string Event(string eventName, string data, long? id = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        ArgumentNullException.ThrowIfNull(data);
        if (eventName.AsSpan().IndexOfAny('\r', '\n') >= 0 || eventName.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("An event name must be one line without a colon.", nameof(eventName));
        }

        var builder = new StringBuilder(data.Length + eventName.Length + 24);
        if (id is { } value)
        {
            builder.Append("id: ").Append(value).Append('\n');
        }

        builder.Append("event: ").Append(eventName).Append('\n');
        foreach (var line in data.ReplaceLineEndings("\n").Split('\n'))
        {
            builder.Append("data: ").Append(line).Append('\n');
        }

        return builder.Append('\n').ToString();
    }

    public static string Comment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ": " + text.ReplaceLineEndings(" ") + "\n\n";
    }
}
