using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace CallingBot.History.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file (write-ahead log, so queries do not wait for the writer). Times are stored as
/// UTC ticks. The file's folder is created on first use; an unwritable path fails each attempt, which the writer
/// reports as an outage.
/// </summary>
internal sealed class SqliteCallHistoryStore : SqlCallHistoryStore
{
    private readonly string _path;
    private readonly string _connectionString;

    public SqliteCallHistoryStore(string path, TimeSpan commandTimeout)
        : base(commandTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = CommandTimeoutSeconds,
            Pooling = true,
        }.ToString();
    }

    public override string Name => "sqlite";

    public override IReadOnlyList<HistoryMigration> Migrations => SqliteMigrations.All;

    public string FilePath => _path;

    protected override string SchemaVersionTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)";

    public override ValueTask DisposeAsync()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(_path) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override async Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, "PRAGMA journal_mode = WAL;");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>BEGIN IMMEDIATE</c>: the write lock is taken before the version is read, so two hosts on one file migrate one after the other.</summary>
    protected override Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    protected override object TimeValue(DateTimeOffset value) => value.UtcTicks;

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => new(reader.GetInt64(ordinal), TimeSpan.Zero);

    protected override string ContainsSql(string column, string parameter) => $"instr({column}, {parameter}) > 0";
}
