namespace CallingBot.History.Storage.PostgreSql;

/// <summary>The PostgreSQL schema, one step per version. Never edit a shipped step: add the next one.</summary>
internal static class PostgreSqlMigrations
{
    public static IReadOnlyList<HistoryMigration> All { get; } =
    [
        new(1, "call_history table", """
            CREATE TABLE call_history (
                call_id text NOT NULL PRIMARY KEY,
                correlation_id text NULL,
                tenant_id text NULL,
                direction text NOT NULL,
                outcome text NOT NULL,
                caller_kind text NULL,
                caller_id text NULL,
                caller_name text NULL,
                callees text NOT NULL,
                callee_ids text NOT NULL,
                started_at timestamptz NOT NULL,
                answered_at timestamptz NULL,
                ended_at timestamptz NOT NULL,
                termination_code integer NULL,
                termination_subcode integer NULL,
                termination_message text NULL,
                handler text NULL,
                media text NOT NULL,
                recording_status text NULL,
                media_quality text NULL
            );
            CREATE INDEX ix_call_history_started ON call_history (started_at, call_id);
            CREATE INDEX ix_call_history_ended ON call_history (ended_at);
            CREATE INDEX ix_call_history_caller ON call_history (caller_id);
            """),
        new(2, "events column", "ALTER TABLE call_history ADD COLUMN events text NULL;"),
    ];
}
