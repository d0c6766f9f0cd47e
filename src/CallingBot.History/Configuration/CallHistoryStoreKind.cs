namespace CallingBot.History.Configuration;

/// <summary>Where the call history is kept (<c>CallingBot:History:Store</c>).</summary>
public enum CallHistoryStoreKind
{
    /// <summary>An embedded SQLite file (the default; nothing to install). One file per instance.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database, shared by every instance of a clustered service.</summary>
    PostgreSql,

    /// <summary>In memory only: the last <see cref="CallHistoryOptions.MemoryCapacity"/> calls, lost on restart.</summary>
    Memory,
}
