using System.Text.Json;
using CallingBot.History.Records;

namespace CallingBot.History.Storage;

/// <summary>The JSON of the columns that hold lists and summaries (callees, events, media quality).</summary>
internal static class HistoryJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static IReadOnlyList<CallHistoryParty> ReadParties(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<CallHistoryParty[]>(json, Options) ?? [];

    public static IReadOnlyList<CallHistoryEvent> ReadEvents(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<CallHistoryEvent[]>(json, Options) ?? [];

    public static CallHistoryMediaQuality? ReadQuality(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<CallHistoryMediaQuality>(json, Options);

    /// <summary>The callee ids as one searchable text, each between bars: <c>|id1|id2|</c>.</summary>
    public static string CalleeIds(IReadOnlyList<CallHistoryParty> callees) =>
        "|" + string.Concat(callees.Select(c => c.Id + "|"));
}
