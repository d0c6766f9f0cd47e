using CallingBot.Core.Calls;
using CallingBot.Core.Recovery;
using CallingBot.Core.Tests.Fakes;

namespace CallingBot.Core.Tests.Recovery;

public sealed class FileLiveCallStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "callingbot-store-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_record_round_trips_is_replaced_by_a_newer_one_and_removed()
    {
        var logger = new ListLogger<FileLiveCallStore>();
        var store = new FileLiveCallStore(_directory, logger);
        var first = Record("Call/With:Odd*Chars", new Dictionary<string, string> { ["step"] = "one" });
        await store.SaveAsync(first, default);
        await store.SaveAsync(first with { State = new Dictionary<string, string> { ["step"] = "two" } }, default);

        var found = await store.FindAsync("call/with:odd*chars", default);
        Assert.NotNull(found);
        Assert.Equal("Call/With:Odd*Chars", found.CallId);
        Assert.Equal("two", found.State["step"]);
        Assert.Equal(MediaHosting.ServiceHosted, found.Media);
        Assert.Single(await new FileLiveCallStore(_directory, logger).LoadAllAsync(default));
        Assert.Single(Directory.GetFiles(_directory));

        await store.RemoveAsync(first.CallId, default);
        await store.RemoveAsync(first.CallId, default);
        Assert.Empty(await store.LoadAllAsync(default));
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task Unreadable_records_are_moved_aside_and_logged_and_the_readable_ones_load()
    {
        var logger = new ListLogger<FileLiveCallStore>();
        var store = new FileLiveCallStore(_directory, logger);
        await store.SaveAsync(Record("good"), default);
        await store.SaveAsync(Record("corrupt"), default);
        await store.SaveAsync(Record("huge"), default);
        var files = Directory.GetFiles(_directory);
        var corrupt = files.Single(f => File.ReadAllText(f).Contains("\"corrupt\"", StringComparison.Ordinal));
        var huge = files.Single(f => File.ReadAllText(f).Contains("\"huge\"", StringComparison.Ordinal));
        await File.WriteAllTextAsync(corrupt, "{\"callId\":\"corr");
        await File.WriteAllTextAsync(huge, new string(' ', FileLiveCallStore.MaxFileBytes + 1));

        var loaded = await store.LoadAllAsync(default);

        Assert.Equal("good", Assert.Single(loaded).CallId);
        Assert.True(File.Exists(corrupt + ".unreadable"));
        Assert.True(File.Exists(huge + ".unreadable"));
        Assert.Equal(2, logger.Entries.Count(e => e.EventId.Id == CallingBot.Core.Diagnostics.CoreEventIds.LiveCallRecordUnreadable));
    }

    private static LiveCallRecord Record(string callId, Dictionary<string, string>? state = null) =>
        new(callId, "tenant-1", CallDirection.Incoming, MediaHosting.ServiceHosted, DateTimeOffset.UnixEpoch, null, "Handler", state ?? []);
}
