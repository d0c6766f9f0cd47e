namespace CallingBot.History.Configuration;

/// <summary>The shared store (<c>CallingBot:History:PostgreSql</c>).</summary>
public sealed class PostgreSqlHistoryOptions
{
    /// <summary>An Npgsql connection string (<c>Host=db;Database=callingbot;Username=bot;Password=…</c>). A secret: never logged.</summary>
    public string? ConnectionString { get; set; }
}
