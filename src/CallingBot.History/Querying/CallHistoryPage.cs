using CallingBot.History.Records;

namespace CallingBot.History.Querying;

/// <summary>A page of the history, newest first; <see cref="Next"/> is null on the last page.</summary>
public sealed record CallHistoryPage(IReadOnlyList<CallHistoryEntry> Entries, CallHistoryCursor? Next);
