using CallingBot.History.Querying;
using CallingBot.History.Records;
using CallingBot.History.Storage;
using CallingBot.History.Tests.Infrastructure;

namespace CallingBot.History.Tests.Storage;

/// <summary>What every relational store must do, run against a real SQLite file and a real PostgreSQL server.</summary>
public abstract class CallHistoryStoreContract
{
    private const int LatestVersion = 2;

    [Fact]
    public async Task Migrate_EmptyDatabase_AppliesEveryStepInOrder()
    {
        await using var store = await CreateStoreAsync();

        var migration = await store.MigrateAsync(CancellationToken.None);

        Assert.Equal(new SchemaMigration(0, LatestVersion), migration);
        Assert.Equal(LatestVersion, await store.ReadVersionAsync(CancellationToken.None));
        Assert.Equal(Enumerable.Range(1, LatestVersion), store.Migrations.Select(m => m.Version));
    }

    [Fact]
    public async Task Migrate_Again_ChangesNothing()
    {
        await using var store = await CreateStoreAsync();
        await store.MigrateAsync(CancellationToken.None);

        var again = await store.MigrateAsync(CancellationToken.None);

        Assert.Equal(new SchemaMigration(LatestVersion, LatestVersion), again);
    }

    [Fact]
    public async Task Migrate_FromVersion1_KeepsItsRowsAndAddsTheEvents()
    {
        await using var store = await CreateStoreAsync();
        Assert.Equal(new SchemaMigration(0, 1), await store.MigrateAsync(1, CancellationToken.None));
        var started = Entries.Start;
        await ExecuteAsync(store, $"""
            INSERT INTO call_history (call_id, direction, outcome, callees, callee_ids, started_at, ended_at, media)
            VALUES ('written-by-v1', 'incoming', 'rejected', '[]', '|', {TimeLiteral(started)}, {TimeLiteral(started.AddSeconds(5))}, 'serviceHosted')
            """);

        var migration = await store.MigrateAsync(CancellationToken.None);

        Assert.Equal(new SchemaMigration(1, LatestVersion), migration);
        var old = await store.GetAsync("written-by-v1", CancellationToken.None);
        Assert.NotNull(old);
        Assert.Equal("rejected", old.Outcome);
        Assert.Equal(started, old.StartedAt);
        Assert.Empty(old.Events);
        var current = Entries.Full("written-by-v2", started.AddMinutes(1));
        await store.WriteAsync([current], CancellationToken.None);
        Assert.Equivalent(current, await store.GetAsync("written-by-v2", CancellationToken.None), strict: true);
    }

    [Fact]
    public async Task Migrate_TwoInstancesAtOnce_AppliesEachStepOnce()
    {
        await using var first = await CreateStoreAsync();
        await using var second = await OpenSameDatabaseAsync(first);

        var migrations = await Task.WhenAll(first.MigrateAsync(CancellationToken.None), second.MigrateAsync(CancellationToken.None));

        Assert.Equal(
            new[] { new SchemaMigration(0, LatestVersion), new SchemaMigration(LatestVersion, LatestVersion) },
            migrations.OrderBy(m => m.From));
        Assert.Equal(LatestVersion, await CountAsync(first, "SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task Migrate_DatabaseOfANewerVersion_FailsNamingBothVersions()
    {
        await using var store = await CreateStoreAsync();
        await store.MigrateAsync(CancellationToken.None);
        await ExecuteAsync(store, "INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'from the future', 'x')");
        await using var older = await OpenSameDatabaseAsync(store);

        var failure = await Assert.ThrowsAsync<HistorySchemaException>(() => older.MigrateAsync(CancellationToken.None));

        Assert.Contains("99", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"{LatestVersion}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_ThenGet_ReturnsEveryField()
    {
        await using var store = await MigratedStoreAsync();
        var full = Entries.Full("call-full", Entries.Start);
        var minimal = Entries.Minimal("call-minimal", Entries.Start.AddMinutes(1));

        await store.WriteAsync([full, minimal], CancellationToken.None);

        Assert.Equivalent(full, await store.GetAsync("call-full", CancellationToken.None), strict: true);
        Assert.Equivalent(minimal, await store.GetAsync("call-minimal", CancellationToken.None), strict: true);
        Assert.Null(await store.GetAsync("call-unknown", CancellationToken.None));
    }

    [Fact]
    public async Task Write_SameCallAgain_KeepsTheFirstRecord()
    {
        await using var store = await MigratedStoreAsync();
        await store.WriteAsync([Entries.Minimal("call-1", Entries.Start, outcome: "placed")], CancellationToken.None);

        await store.WriteAsync([Entries.Minimal("call-1", Entries.Start, outcome: "answered"), Entries.Minimal("call-2", Entries.Start)], CancellationToken.None);

        Assert.Equal("placed", (await store.GetAsync("call-1", CancellationToken.None))!.Outcome);
        Assert.NotNull(await store.GetAsync("call-2", CancellationToken.None));
    }

    [Fact]
    public async Task Query_EachFilter_ReturnsOnlyMatchingCalls()
    {
        await using var store = await MigratedStoreAsync();
        var t = Entries.Start;
        await store.WriteAsync(
        [
            Entries.Full("a", t) with { Outcome = "answered" },
            Entries.Minimal("b", t.AddMinutes(1), "outgoing", "placed") with { Callees = [new CallHistoryParty("phone", "+*******4567", null)] },
            Entries.Minimal("c", t.AddMinutes(2), "incoming", "rejected") with { Caller = new CallHistoryParty("user", "h:caller-c", null) },
        ],
        CancellationToken.None);

        Assert.Equal(["c", "b", "a"], await IdsAsync(store, new CallHistoryQuery()));
        Assert.Equal(["c", "a"], await IdsAsync(store, new CallHistoryQuery { Direction = "incoming" }));
        Assert.Equal(["c"], await IdsAsync(store, new CallHistoryQuery { Outcome = "rejected" }));
        Assert.Equal(["c"], await IdsAsync(store, new CallHistoryQuery { Caller = "h:caller-c" }));
        Assert.Equal(["a"], await IdsAsync(store, new CallHistoryQuery { Callee = "h:ffeeddccbbaa99887766554433221100" }));
        Assert.Equal(["b"], await IdsAsync(store, new CallHistoryQuery { Callee = "+*******4567" }));
        Assert.Empty(await IdsAsync(store, new CallHistoryQuery { Callee = "+*******456" }));
        Assert.Equal(["b"], await IdsAsync(store, new CallHistoryQuery { From = t.AddMinutes(1), To = t.AddMinutes(2) }));
        Assert.Equal(["c", "b"], await IdsAsync(store, new CallHistoryQuery { From = t.AddSeconds(1) }));
    }

    [Fact]
    public async Task Query_PageAfterPage_ListsEveryCallOnceNewestFirst()
    {
        await using var store = await MigratedStoreAsync();
        // Pairs of calls start at the same microsecond: the call id breaks the tie.
        var entries = Enumerable.Range(0, 25).Select(i => Entries.Minimal($"call-{i:00}", Entries.Start.AddSeconds(i / 2))).ToArray();
        await store.WriteAsync(entries, CancellationToken.None);
        var expected = entries.OrderByDescending(e => e.StartedAt).ThenByDescending(e => e.CallId, StringComparer.Ordinal).Select(e => e.CallId).ToArray();

        var pages = new List<CallHistoryPage>();
        CallHistoryCursor? after = null;
        do
        {
            var page = await store.QueryAsync(new CallHistoryQuery { Limit = 10, After = after }, CancellationToken.None);
            pages.Add(page);
            after = page.Next is { } next && CallHistoryCursor.TryDecode(next.Encode(), out var decoded) ? decoded : null;
        }
        while (after is not null);

        Assert.Equal([10, 10, 5], pages.Select(p => p.Entries.Count));
        Assert.Equal(expected, pages.SelectMany(p => p.Entries).Select(e => e.CallId));
    }

    [Fact]
    public async Task Purge_DeletesOnlyCallsThatEndedBeforeTheCutoff()
    {
        await using var store = await MigratedStoreAsync();
        var cutoff = Entries.Start.AddDays(10);
        await store.WriteAsync(
        [
            Entries.Minimal("old", cutoff.AddDays(-1)) with { EndedAt = cutoff.AddTicks(-10) },
            Entries.Minimal("at-cutoff", cutoff.AddDays(-1)) with { EndedAt = cutoff },
            Entries.Minimal("new", cutoff.AddDays(1)),
        ],
        CancellationToken.None);

        var purged = await store.PurgeAsync(cutoff, CancellationToken.None);

        Assert.Equal(1, purged);
        Assert.Equal(["new", "at-cutoff"], await IdsAsync(store, new CallHistoryQuery()));
    }

    /// <summary>A store on a new, empty database.</summary>
    private protected abstract Task<SqlCallHistoryStore> CreateStoreAsync();

    /// <summary>A second store (another instance) on the database of <paramref name="store"/>.</summary>
    private protected abstract Task<SqlCallHistoryStore> OpenSameDatabaseAsync(SqlCallHistoryStore store);

    private protected abstract Task ExecuteAsync(SqlCallHistoryStore store, string sql);

    private protected abstract Task<long> CountAsync(SqlCallHistoryStore store, string sql);

    private protected abstract string TimeLiteral(DateTimeOffset value);

    private async Task<SqlCallHistoryStore> MigratedStoreAsync()
    {
        var store = await CreateStoreAsync();
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    private static async Task<string[]> IdsAsync(SqlCallHistoryStore store, CallHistoryQuery query) =>
        [.. (await store.QueryAsync(query, CancellationToken.None)).Entries.Select(e => e.CallId)];
}
