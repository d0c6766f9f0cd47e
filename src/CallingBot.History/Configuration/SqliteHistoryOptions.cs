namespace CallingBot.History.Configuration;

/// <summary>The embedded store (<c>CallingBot:History:Sqlite</c>).</summary>
public sealed class SqliteHistoryOptions
{
    /// <summary>The database file; relative paths are under the content root (the host resolves them). Its folder is created.</summary>
    public string Path { get; set; } = "data/callingbot-history.db";
}
