using System.Globalization;
using CallingBot.History.Storage;
using CallingBot.History.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CallingBot.History.Tests.Storage;

/// <summary>The store contract on a real SQLite file in a temporary folder, and what only the file store does.</summary>
public sealed class SqliteCallHistoryStoreTests : CallHistoryStoreContract, IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("callingbot-history-tests-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Migrate_PathInAFolderNotYetCreated_CreatesTheFolder()
    {
        var path = Path.Combine(_directory.FullName, "nested", "deeper", "history.db");
        await using var store = new SqliteCallHistoryStore(path, TimeSpan.FromSeconds(5));

        await store.MigrateAsync(CancellationToken.None);

        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Migrate_PathUnderAFile_Fails()
    {
        // Root may write anywhere, but nobody can create a folder inside a file.
        var file = Path.Combine(_directory.FullName, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");
        await using var store = new SqliteCallHistoryStore(Path.Combine(file, "history.db"), TimeSpan.FromSeconds(5));

        await Assert.ThrowsAnyAsync<IOException>(() => store.MigrateAsync(CancellationToken.None));
    }

    private protected override Task<SqlCallHistoryStore> CreateStoreAsync() =>
        Task.FromResult<SqlCallHistoryStore>(new SqliteCallHistoryStore(Path.Combine(_directory.FullName, $"{Guid.NewGuid():N}.db"), TimeSpan.FromSeconds(5)));

    private protected override Task<SqlCallHistoryStore> OpenSameDatabaseAsync(SqlCallHistoryStore store) =>
        Task.FromResult<SqlCallHistoryStore>(new SqliteCallHistoryStore(((SqliteCallHistoryStore)store).FilePath, TimeSpan.FromSeconds(5)));

    private protected override async Task ExecuteAsync(SqlCallHistoryStore store, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={((SqliteCallHistoryStore)store).FilePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private protected override async Task<long> CountAsync(SqlCallHistoryStore store, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={((SqliteCallHistoryStore)store).FilePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private protected override string TimeLiteral(DateTimeOffset value) => value.UtcTicks.ToString(CultureInfo.InvariantCulture);
}
