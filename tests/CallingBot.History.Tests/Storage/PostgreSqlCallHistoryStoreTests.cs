using System.Globalization;
using CallingBot.History.Storage;
using CallingBot.History.Storage.PostgreSql;
using CallingBot.History.Tests.Infrastructure;
using Npgsql;

namespace CallingBot.History.Tests.Storage;

/// <summary>The store contract against a real PostgreSQL server started for this class, and an outage of that server.</summary>
public sealed class PostgreSqlCallHistoryStoreTests(PostgreSqlFixture postgres) : CallHistoryStoreContract, IClassFixture<PostgreSqlFixture>
{
    private readonly Dictionary<SqlCallHistoryStore, string> _connectionStrings = [];

    private protected override async Task<SqlCallHistoryStore> CreateStoreAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        return Remember(new PostgreSqlCallHistoryStore(connectionString, TimeSpan.FromSeconds(10)), connectionString);
    }

    private protected override Task<SqlCallHistoryStore> OpenSameDatabaseAsync(SqlCallHistoryStore store)
    {
        var connectionString = _connectionStrings[store];
        return Task.FromResult(Remember(new PostgreSqlCallHistoryStore(connectionString, TimeSpan.FromSeconds(10)), connectionString));
    }

    private protected override async Task ExecuteAsync(SqlCallHistoryStore store, string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionStrings[store]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private protected override async Task<long> CountAsync(SqlCallHistoryStore store, string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionStrings[store]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private protected override string TimeLiteral(DateTimeOffset value) =>
        $"'{value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}+00'";

    private SqlCallHistoryStore Remember(SqlCallHistoryStore store, string connectionString)
    {
        _connectionStrings[store] = connectionString;
        return store;
    }
}
