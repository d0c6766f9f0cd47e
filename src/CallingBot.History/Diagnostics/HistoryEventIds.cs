namespace CallingBot.History.Diagnostics;

/// <summary>
/// Every log event id of CallingBot.History (the call history store, its writer and purge), in the project's block
/// 7000–7999.
/// </summary>
/// <remarks>
/// Each [LoggerMessage] of the project takes its EventId from here and its EventName from the constant's name
/// (nameof); each constant is used exactly once. Operators filter on these numbers (docs/operations.md): never
/// reuse or renumber one, add new ones inside the block.
/// </remarks>
internal static class HistoryEventIds
{
    // Storage/SchemaGate
    public const int HistoryStoreReady = 7000;
    public const int HistorySchemaMigrated = 7001;

    // Writing/CallHistoryWriter
    public const int HistoryStoreUnavailable = 7010;
    public const int HistoryStoreRecovered = 7011;
    public const int HistoryQueueDropping = 7012;
    public const int HistoryRecordsLostAtShutdown = 7013;

    // Writing/CallHistory
    public const int HistoryRecordFailed = 7020;

    // Querying/CallHistoryReader
    public const int HistoryQueryFailed = 7030;

    // Maintenance/CallHistoryPurger
    public const int HistoryPurged = 7040;
    public const int HistoryPurgeFailed = 7041;
}
