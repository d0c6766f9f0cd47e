using System.Globalization;
using System.Text;
using CallingBot.History.Records;

namespace CallingBot.AspNetCore.Api.History;

/// <summary>
/// The CSV form of a history page (RFC 4180: comma separated, CRLF line ends, a header row). Fields holding a comma, a
/// quote or a line break are quoted, quotes doubled. A text field that a spreadsheet would run as a formula (starting
/// with <c>= + - @</c>, a tab or a carriage return) is prefixed with a single quote.
/// </summary>
internal static class HistoryCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly string[] Header =
    [
        "callId", "correlationId", "tenantId", "direction", "outcome", "callerKind", "callerId", "callerName", "callees",
        "startedAt", "answeredAt", "endedAt", "connectedSeconds", "terminationCode", "terminationSubcode", "terminationMessage",
        "handler", "media", "recordingStatus", "framesReceived", "framesDropped", "framesMissing", "framesSent", "framesLate",
        "jitterMs", "processingDelayP99Ms",
    ];

    public static string Write(IReadOnlyList<CallHistoryEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var csv = new StringBuilder();
        AppendRow(csv, Header);
        foreach (var entry in entries)
        {
            var quality = entry.MediaQuality;
            AppendRow(csv,
            [
                entry.CallId,
                entry.CorrelationId,
                entry.TenantId,
                entry.Direction,
                entry.Outcome,
                entry.Caller?.Kind,
                entry.Caller?.Id,
                entry.Caller?.DisplayName,
                string.Join("; ", entry.Callees.Select(c => c.DisplayName is null ? $"{c.Kind}:{c.Id}" : $"{c.Kind}:{c.Id} ({c.DisplayName})")),
                Time(entry.StartedAt),
                entry.AnsweredAt is { } answered ? Time(answered) : null,
                Time(entry.EndedAt),
                entry.AnsweredAt is { } at ? Number((entry.EndedAt - at).TotalSeconds) : null,
                entry.TerminationCode?.ToString(CultureInfo.InvariantCulture),
                entry.TerminationSubcode?.ToString(CultureInfo.InvariantCulture),
                entry.TerminationMessage,
                entry.Handler,
                entry.Media,
                entry.RecordingStatus,
                quality?.FramesReceived.ToString(CultureInfo.InvariantCulture),
                quality?.FramesDropped.ToString(CultureInfo.InvariantCulture),
                quality?.FramesMissing.ToString(CultureInfo.InvariantCulture),
                quality?.FramesSent.ToString(CultureInfo.InvariantCulture),
                quality?.FramesLate.ToString(CultureInfo.InvariantCulture),
                quality is null ? null : Number(quality.JitterMs),
                quality is null ? null : Number(quality.ProcessingDelayP99Ms),
            ]);
        }

        return csv.ToString();
    }

    /// <summary>One field: neutralised if a spreadsheet would take it for a formula, then quoted if it must be.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static void AppendRow(StringBuilder csv, string?[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            csv.Append(Field(fields[i]));
        }

        csv.Append("\r\n");
    }

    private static string Time(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
