using System.Data.Common;
using Npgsql;

namespace CallingBot.History.Storage.PostgreSql;

/// <summary>
/// The shared store: one PostgreSQL database for every instance of a clustered service. Migrations hold a transaction
/// advisory lock, so instances starting together migrate one after the other.
/// </summary>
internal sealed class PostgreSqlCallHistoryStore : SqlCallHistoryStore
{
    /// <summary>The advisory lock key of the history's migrations ("CBHI").</summary>
    private const long MigrationLockKey = 0x43_42_48_49;

    private readonly NpgsqlDataSource _dataSource;

    public PostgreSqlCallHistoryStore(string connectionString, TimeSpan commandTimeout)
        : base(commandTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.CommandTimeout = CommandTimeoutSeconds;
        if (builder.ConnectionStringBuilder.Timeout == 15)
        {
            // Npgsql's default connect timeout; bounded by the command timeout so an unreachable server fails as fast.
            builder.ConnectionStringBuilder.Timeout = Math.Min(15, CommandTimeoutSeconds);
        }

        _dataSource = builder.Build();
    }

    public override string Name => "postgresql";

    public override IReadOnlyList<HistoryMigration> Migrations => PostgreSqlMigrations.All;

    protected override string SchemaVersionTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL PRIMARY KEY, description text NOT NULL, applied_at text NOT NULL)";

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override object TimeValue(DateTimeOffset value) => value.ToUniversalTime();

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    protected override string ContainsSql(string column, string parameter) => $"strpos({column}, {parameter}) > 0";
}
