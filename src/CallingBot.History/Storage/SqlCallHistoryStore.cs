using System.Data.Common;
using System.Globalization;
using System.Text;
using CallingBot.History.Querying;
using CallingBot.History.Records;

namespace CallingBot.History.Storage;

/// <summary>
/// The SQL both relational stores share: hand-written statements over ADO.NET (docs/dependencies.md says why not EF
/// Core), ordered migrations recorded in <c>schema_version</c>, keyset paging newest first. A dialect supplies its
/// connections, its migrations, its migration lock, how times are stored and how a text contains another.
/// </summary>
internal abstract class SqlCallHistoryStore(TimeSpan commandTimeout) : ICallHistoryStore
{
    private const string Columns =
        "call_id, correlation_id, tenant_id, direction, outcome, caller_kind, caller_id, caller_name, callees, callee_ids, " +
        "started_at, answered_at, ended_at, termination_code, termination_subcode, termination_message, handler, media, " +
        "recording_status, media_quality, events";

    private static readonly string InsertSql =
        $"INSERT INTO call_history ({Columns}) VALUES (@call_id, @correlation_id, @tenant_id, @direction, @outcome, @caller_kind, @caller_id, " +
        "@caller_name, @callees, @callee_ids, @started_at, @answered_at, @ended_at, @termination_code, @termination_subcode, " +
        "@termination_message, @handler, @media, @recording_status, @media_quality, @events) ON CONFLICT (call_id) DO NOTHING";

    public abstract string Name { get; }

    /// <summary>Every migration of the dialect, in version order, starting at 1.</summary>
    public abstract IReadOnlyList<HistoryMigration> Migrations { get; }

    public int LatestVersion => Migrations[^1].Version;

    protected int CommandTimeoutSeconds { get; } = Math.Max(1, (int)Math.Ceiling(commandTimeout.TotalSeconds));

    /// <summary>The table that records the applied migrations, created if missing under the migration lock.</summary>
    protected abstract string SchemaVersionTableSql { get; }

    public async Task<SchemaMigration> MigrateAsync(CancellationToken cancellationToken) => await MigrateAsync(LatestVersion, cancellationToken).ConfigureAwait(false);

    /// <summary>Applies the migrations up to <paramref name="targetVersion"/> (tests stop at an older version to test the step after it).</summary>
    public async Task<SchemaMigration> MigrateAsync(int targetVersion, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await PrepareAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginMigrationAsync(connection, cancellationToken).ConfigureAwait(false);
        await LockForMigrationAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, SchemaVersionTableSql, cancellationToken).ConfigureAwait(false);
        var current = await CurrentVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (current > LatestVersion)
        {
            throw new HistorySchemaException(
                $"The history database has schema version {current}, newer than the {LatestVersion} this version of the bot knows; upgrade the bot or give it another database.");
        }

        foreach (var migration in Migrations.Where(m => m.Version > current && m.Version <= targetVersion))
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            await using var record = Command(connection, transaction, "INSERT INTO schema_version (version, description, applied_at) VALUES (@version, @description, @applied_at)");
            Add(record, "version", migration.Version);
            Add(record, "description", migration.Description);
            Add(record, "applied_at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new SchemaMigration(current, Math.Max(current, Math.Min(targetVersion, LatestVersion)));
    }

    /// <summary>The schema version recorded in the database (0 when none).</summary>
    public async Task<int> ReadVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, SchemaVersionTableSql, cancellationToken).ConfigureAwait(false);
        return await CurrentVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteAsync(IReadOnlyList<CallHistoryEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var entry in entries)
        {
            await using var command = Command(connection, transaction, InsertSql);
            Add(command, "call_id", entry.CallId);
            Add(command, "correlation_id", entry.CorrelationId);
            Add(command, "tenant_id", entry.TenantId);
            Add(command, "direction", entry.Direction);
            Add(command, "outcome", entry.Outcome);
            Add(command, "caller_kind", entry.Caller?.Kind);
            Add(command, "caller_id", entry.Caller?.Id);
            Add(command, "caller_name", entry.Caller?.DisplayName);
            Add(command, "callees", HistoryJson.Write(entry.Callees));
            Add(command, "callee_ids", HistoryJson.CalleeIds(entry.Callees));
            Add(command, "started_at", TimeValue(entry.StartedAt));
            Add(command, "answered_at", entry.AnsweredAt is { } answered ? TimeValue(answered) : null);
            Add(command, "ended_at", TimeValue(entry.EndedAt));
            Add(command, "termination_code", entry.TerminationCode);
            Add(command, "termination_subcode", entry.TerminationSubcode);
            Add(command, "termination_message", entry.TerminationMessage);
            Add(command, "handler", entry.Handler);
            Add(command, "media", entry.Media);
            Add(command, "recording_status", entry.RecordingStatus);
            Add(command, "media_quality", entry.MediaQuality is { } quality ? HistoryJson.Write(quality) : null);
            Add(command, "events", HistoryJson.Write(entry.Events));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<CallHistoryPage> QueryAsync(CallHistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, string.Empty);
        var sql = new StringBuilder($"SELECT {Columns} FROM call_history WHERE 1 = 1");
        if (query.From is { } from)
        {
            sql.Append(" AND started_at >= @from");
            Add(command, "from", TimeValue(from));
        }

        if (query.To is { } to)
        {
            sql.Append(" AND started_at < @to");
            Add(command, "to", TimeValue(to));
        }

        if (query.Direction is { } direction)
        {
            sql.Append(" AND direction = @direction");
            Add(command, "direction", direction);
        }

        if (query.Outcome is { } outcome)
        {
            sql.Append(" AND outcome = @outcome");
            Add(command, "outcome", outcome);
        }

        if (query.Caller is { } caller)
        {
            sql.Append(" AND caller_id = @caller");
            Add(command, "caller", caller);
        }

        if (query.Callee is { } callee)
        {
            sql.Append(" AND ").Append(ContainsSql("callee_ids", "@callee"));
            Add(command, "callee", "|" + callee + "|");
        }

        if (query.After is { } after)
        {
            sql.Append(" AND (started_at < @after_at OR (started_at = @after_at AND call_id < @after_id))");
            Add(command, "after_at", TimeValue(after.StartedAt));
            Add(command, "after_id", after.CallId);
        }

        var limit = Math.Clamp(query.Limit, 1, CallHistoryQuery.MaxLimit);
        sql.Append(" ORDER BY started_at DESC, call_id DESC LIMIT @limit");
        Add(command, "limit", limit + 1);
        command.CommandText = sql.ToString();
        var entries = new List<CallHistoryEntry>(Math.Min(limit + 1, 256));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(Read(reader));
            }
        }

        if (entries.Count <= limit)
        {
            return new CallHistoryPage(entries, Next: null);
        }

        entries.RemoveAt(entries.Count - 1);
        var last = entries[^1];
        return new CallHistoryPage(entries, new CallHistoryCursor(last.StartedAt, last.CallId));
    }

    public async Task<CallHistoryEntry?> GetAsync(string callId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {Columns} FROM call_history WHERE call_id = @call_id");
        Add(command, "call_id", callId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<int> PurgeAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "DELETE FROM call_history WHERE ended_at < @before");
        Add(command, "before", TimeValue(endedBefore));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public abstract ValueTask DisposeAsync();

    /// <summary>An open connection to the store.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Settings applied once per migration, outside any transaction (SQLite's journal mode).</summary>
    protected virtual Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The migration's transaction; SQLite's takes the write lock at once.</summary>
    protected virtual async Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Keeps a second instance from migrating at the same time (it waits, then finds the work done).</summary>
    protected virtual Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The value a time is stored as.</summary>
    protected abstract object TimeValue(DateTimeOffset value);

    protected abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>SQL that is true when <paramref name="column"/> contains the text of <paramref name="parameter"/>.</summary>
    protected abstract string ContainsSql(string column, string parameter);

    protected DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = CommandTimeoutSeconds;
        return command;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private CallHistoryEntry Read(DbDataReader reader)
    {
        string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
        int? Number(int ordinal) => reader.IsDBNull(ordinal) ? null : Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

        var callerKind = Text(5);
        var callerId = Text(6);
        return new CallHistoryEntry
        {
            CallId = reader.GetString(0),
            CorrelationId = Text(1),
            TenantId = Text(2),
            Direction = reader.GetString(3),
            Outcome = reader.GetString(4),
            Caller = callerKind is not null && callerId is not null ? new CallHistoryParty(callerKind, callerId, Text(7)) : null,
            Callees = HistoryJson.ReadParties(Text(8)),
            StartedAt = ReadTime(reader, 10),
            AnsweredAt = reader.IsDBNull(11) ? null : ReadTime(reader, 11),
            EndedAt = ReadTime(reader, 12),
            TerminationCode = Number(13),
            TerminationSubcode = Number(14),
            TerminationMessage = Text(15),
            Handler = Text(16),
            Media = reader.GetString(17),
            RecordingStatus = Text(18),
            MediaQuality = HistoryJson.ReadQuality(Text(19)),
            Events = HistoryJson.ReadEvents(Text(20)),
        };
    }
}
