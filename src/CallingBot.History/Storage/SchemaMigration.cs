namespace CallingBot.History.Storage;

/// <summary>What <see cref="ICallHistoryStore.MigrateAsync"/> did: the schema version found and the one left.</summary>
internal readonly record struct SchemaMigration(int From, int To);
