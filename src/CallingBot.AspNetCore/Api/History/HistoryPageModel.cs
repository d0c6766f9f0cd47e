using CallingBot.History.Records;

namespace CallingBot.AspNetCore.Api.History;

/// <summary>A page of ended calls, newest first.</summary>
internal sealed class HistoryPageModel
{
    public int Count { get; set; }

    public IReadOnlyList<CallHistoryEntry> Calls { get; set; } = [];

    /// <summary>Pass it as <c>continuationToken</c> (with the same filters) for the next page; null on the last page.</summary>
    public string? ContinuationToken { get; set; }
}
