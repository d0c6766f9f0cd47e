namespace CallingBot.History.Storage;

/// <summary>The database holds a schema this bot cannot use (written by a newer version).</summary>
internal sealed class HistorySchemaException(string message) : Exception(message);
