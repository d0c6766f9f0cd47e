namespace CallingBot.History.Storage;

/// <summary>One step of a store's schema: applied once, in version order, inside the migration's transaction.</summary>
internal sealed record HistoryMigration(int Version, string Description, string Sql);
