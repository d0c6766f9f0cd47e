namespace CallingBot.History.Configuration;

/// <summary>Settings of the call history (configuration section <c>CallingBot:History</c>). Defaults are documented in docs/configuration.md.</summary>
public sealed class CallHistoryOptions
{
    public const string SectionName = "CallingBot:History";

    /// <summary>Sqlite (default), PostgreSql or Memory.</summary>
    public CallHistoryStoreKind Store { get; set; } = CallHistoryStoreKind.Sqlite;

    public SqliteHistoryOptions Sqlite { get; set; } = new();

    public PostgreSqlHistoryOptions PostgreSql { get; set; } = new();

    public HistoryMaskingOptions Masking { get; set; } = new();

    /// <summary>Records of calls that ended longer ago are purged. Default 90; 0 keeps them for good.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>How often the purge runs (it also runs once the store is reachable after start). Default 1 hour.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Records waiting to be written; past it the oldest waiting record is dropped. Default 10,000.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Records written in one transaction. Default 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long the writer waits before trying an unreachable store again. Default 5 s.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Bound on one statement against the store (writes, queries, purges, migrations). Default 15 s.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long, at shutdown, the writer may take to write the records still waiting. Default 5 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Records kept by the Memory store, and ended calls kept in memory for <c>ICallHistory.Recent</c>. Default 1,000.</summary>
    public int MemoryCapacity { get; set; } = 1000;
}
