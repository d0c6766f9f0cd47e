using CallingBot.Testing;

namespace CallingBot.History.Tests.Infrastructure;

/// <summary>One real PostgreSQL server for a test class; each test creates its own database on it.</summary>
public sealed class PostgreSqlFixture : IAsyncLifetime
{
    private int _databases;

    public PostgreSqlServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgreSqlServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    /// <summary>A new empty database; returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync() => Server.CreateDatabaseAsync($"history_{Interlocked.Increment(ref _databases)}");
}
