namespace CallingBot.History.Storage.Sqlite;

/// <summary>The SQLite schema, one step per version. Never edit a shipped step: add the next one.</summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<HistoryMigration> All { get; } =
    [
        new(1, "call_history table", """
            CREATE TABLE call_history (
                call_id TEXT NOT NULL PRIMARY KEY,
                correlation_id TEXT NULL,
                tenant_id TEXT NULL,
                direction TEXT NOT NULL,
                outcome TEXT NOT NULL,
                caller_kind TEXT NULL,
                caller_id TEXT NULL,
                caller_name TEXT NULL,
                callees TEXT NOT NULL,
                callee_ids TEXT NOT NULL,
                started_at INTEGER NOT NULL,
                answered_at INTEGER NULL,
                ended_at INTEGER NOT NULL,
                termination_code INTEGER NULL,
                termination_subcode INTEGER NULL,
                termination_message TEXT NULL,
                handler TEXT NULL,
                media TEXT NOT NULL,
                recording_status TEXT NULL,
                media_quality TEXT NULL
            );
            CREATE INDEX ix_call_history_started ON call_history (started_at, call_id);
            CREATE INDEX ix_call_history_ended ON call_history (ended_at);
            CREATE INDEX ix_call_history_caller ON call_history (caller_id);
            """),
        new(2, "events column", "ALTER TABLE call_history ADD COLUMN events TEXT NULL;"),
    ];
}
