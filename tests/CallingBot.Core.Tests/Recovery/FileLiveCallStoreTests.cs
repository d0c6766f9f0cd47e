using System.Text;
using CallingBot.Core.Calls;
using CallingBot.Core.Diagnostics;
using CallingBot.Core.Recovery;
using CallingBot.Core.Tests.Fakes;

namespace CallingBot.Core.Tests.Recovery;

public sealed class FileLiveCallStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "callingbot-store-" + Guid.NewGuid().ToString("N"));
    private readonly ListLogger<FileLiveCallStore> _logger = new();

    private string JournalPath => Path.Combine(_directory, FileLiveCallStore.JournalName);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_record_round_trips_is_replaced_by_a_newer_one_survives_a_restart_and_is_removed_once()
    {
        var first = Record("Call/With:Odd*Chars\u00e9\"", new Dictionary<string, string> { ["step"] = "one" });
        using (var store = Open())
        {
            await store.SaveAsync(first, default);
            await store.SaveAsync(first with { State = new Dictionary<string, string> { ["step"] = "two" } }, default);

            var found = await store.FindAsync("call/with:odd*chars\u00c9\"", default);
            Assert.NotNull(found);
            Assert.Equal(first.CallId, found.CallId);
            Assert.Equal("two", found.State["step"]);
            Assert.Equal(MediaHosting.ServiceHosted, found.Media);
        }

        using (var restarted = Open())
        {
            var loaded = Assert.Single(await restarted.LoadAllAsync(default));
            Assert.Equal("two", loaded.State["step"]);
            Assert.Equal(first.CallId, loaded.CallId);

            await restarted.RemoveAsync(first.CallId, default);
            var afterRemoval = restarted.JournalBytes;
            await restarted.RemoveAsync(first.CallId, default);
            await restarted.RemoveAsync("never-recorded", default);

            Assert.Equal(afterRemoval, restarted.JournalBytes);
            Assert.Empty(await restarted.LoadAllAsync(default));
            Assert.Null(await restarted.FindAsync(first.CallId, default));
        }

        using (var again = Open())
        {
            Assert.Empty(await again.LoadAllAsync(default));
            Assert.Equal(0, again.JournalBytes);
        }

        Assert.Equal(
            [FileLiveCallStore.JournalName, FileLiveCallStore.LockName],
            Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_batch_is_applied_in_order_with_the_last_change_of_each_call_winning()
    {
        using (var store = Open())
        {
            await store.ApplyAsync(
                [
                    new LiveCallChange("a", Record("a", new Dictionary<string, string> { ["v"] = "1" })),
                    new LiveCallChange("b", Record("b")),
                    new LiveCallChange("a", null),
                    new LiveCallChange("c", Record("c")),
                    new LiveCallChange("c", null),
                    new LiveCallChange("a", Record("a", new Dictionary<string, string> { ["v"] = "2" })),
                ],
                default);

            Assert.Equal(["a", "b"], (await store.LoadAllAsync(default)).Select(r => r.CallId).Order(StringComparer.Ordinal));
            Assert.Equal("2", (await store.FindAsync("a", default))!.State["v"]);
        }

        using var restarted = Open();
        Assert.Equal(["a", "b"], (await restarted.LoadAllAsync(default)).Select(r => r.CallId).Order(StringComparer.Ordinal));
        Assert.Equal("2", (await restarted.FindAsync("a", default))!.State["v"]);
    }

    [Fact]
    public async Task A_second_store_on_the_same_directory_fails_until_the_first_is_closed()
    {
        var first = Open();
        await first.SaveAsync(Record("held"), default);
        using var second = Open();

        var refused = await Assert.ThrowsAsync<IOException>(async () => await second.SaveAsync(Record("other"), default));
        Assert.Contains(_directory, refused.Message, StringComparison.Ordinal);
        Assert.Contains("in use by another process", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<IOException>(async () => await second.LoadAllAsync(default));

        first.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await first.FindAsync("held", default));
        await second.SaveAsync(Record("other"), default);
        Assert.Equal(["held", "other"], (await second.LoadAllAsync(default)).Select(r => r.CallId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_last_line_cut_short_by_a_crash_is_not_a_record_and_the_journal_as_found_is_kept_aside()
    {
        using (var store = Open())
        {
            await store.SaveAsync(Record("kept-1"), default);
            await store.SaveAsync(Record("kept-2"), default);
        }

        var complete = await File.ReadAllBytesAsync(JournalPath);
        var cut = Encoding.UTF8.GetBytes("{\"save\":{\"callId\":\"torn\",\"tenantId\":\"ten");
        byte[] found = [.. complete, .. cut];
        await File.WriteAllBytesAsync(JournalPath, found);

        using var restarted = Open();
        var loaded = await restarted.LoadAllAsync(default);

        Assert.Equal(["kept-1", "kept-2"], loaded.Select(r => r.CallId).Order(StringComparer.Ordinal));
        var entry = Assert.Single(_logger.Entries, e => e.EventId.Id == CoreEventIds.LiveCallRecordUnreadable);
        Assert.Contains("line 3: incomplete", entry.Message, StringComparison.Ordinal);
        var aside = Assert.Single(Directory.GetFiles(_directory, "*.unreadable"));
        Assert.Equal(found, await File.ReadAllBytesAsync(aside));
        Assert.Equal((byte)'\n', (await File.ReadAllBytesAsync(JournalPath))[^1]);

        await restarted.SaveAsync(Record("after"), default);
        restarted.Dispose();

        using var third = Open();
        Assert.Equal(3, (await third.LoadAllAsync(default)).Count);
    }

    [Fact]
    public async Task Unreadable_lines_are_logged_the_journal_is_kept_aside_and_the_readable_records_load()
    {
        using (var store = Open())
        {
            await store.SaveAsync(Record("good-1"), default);
        }

        var lines = new StringBuilder(await File.ReadAllTextAsync(JournalPath));
        lines.Append("{\"save\":{\"callId\":\"corr\n");
        lines.Append("{\"save\":{\"tenantId\":\"no-call-id\"}}\n");
        lines.Append("{\"other\":1}\n");
        lines.Append("{\"remove\":\"\"}\n");
        lines.Append(new string(' ', FileLiveCallStore.MaxLineBytes + 10)).Append('\n');
        lines.Append("[1,2]\n");
        await File.WriteAllTextAsync(JournalPath, lines.ToString());
        using (var store = Open())
        {
            await store.SaveAsync(Record("good-2"), default);
        }

        var written = await File.ReadAllTextAsync(JournalPath);
        await File.WriteAllTextAsync(JournalPath, lines + written);

        using var restarted = Open();
        var loaded = await restarted.LoadAllAsync(default);

        Assert.Equal(["good-1", "good-2"], loaded.Select(r => r.CallId).Order(StringComparer.Ordinal));
        var problems = _logger.Entries.Where(e => e.EventId.Id == CoreEventIds.LiveCallRecordUnreadable).Select(e => e.Message).ToList();
        Assert.Equal(12, problems.Count);
        Assert.Contains(problems, m => m.Contains("line 2:", StringComparison.Ordinal));
        Assert.Contains(problems, m => m.Contains("a record without a call id", StringComparison.Ordinal));
        Assert.Contains(problems, m => m.Contains("a removal without a call id", StringComparison.Ordinal));
        Assert.Contains(problems, m => m.Contains($"longer than {FileLiveCallStore.MaxLineBytes} bytes", StringComparison.Ordinal));
        Assert.NotEmpty(Directory.GetFiles(_directory, "*.unreadable"));
    }

    [Fact]
    public async Task The_journal_is_rewritten_with_the_live_records_once_it_has_grown_past_the_floor()
    {
        var state = new Dictionary<string, string> { ["padding"] = new string('x', 4000) };
        using (var store = Open())
        {
            await store.SaveAsync(Record("stays", state), default);
            long appended = 0;
            for (var i = 0; i < 400; i++)
            {
                var before = store.JournalBytes;
                await store.SaveAsync(Record("call-" + i, state), default);
                appended += Math.Max(0, store.JournalBytes - before);
                await store.RemoveAsync("call-" + i, default);
            }

            Assert.True(appended > 1.5 * FileLiveCallStore.CompactionFloorBytes, $"{appended} bytes of records were appended");
            Assert.True(store.JournalBytes < FileLiveCallStore.CompactionFloorBytes, $"the journal is {store.JournalBytes} bytes after the rewrites");
            Assert.Contains(_logger.Entries, e => e.EventId.Id == CoreEventIds.LiveCallJournalCompacted);
            Assert.Equal(state["padding"], (await store.FindAsync("stays", default))!.State["padding"]);
            Assert.Equal(store.JournalBytes, new FileInfo(JournalPath).Length);
        }

        using var restarted = Open();
        Assert.Equal("stays", Assert.Single(await restarted.LoadAllAsync(default)).CallId);
        Assert.Empty(Directory.GetFiles(_directory, "*.unreadable"));
    }

    [Fact]
    public async Task A_record_too_large_for_a_line_is_refused_with_the_whole_batch_and_nothing_is_written()
    {
        using var store = Open();
        await store.SaveAsync(Record("before"), default);
        var before = store.JournalBytes;
        var huge = Record("huge", new Dictionary<string, string> { ["padding"] = new string('x', FileLiveCallStore.MaxLineBytes) });

        var refused = await Assert.ThrowsAsync<ArgumentException>(async () => await store.ApplyAsync([new LiveCallChange("other", Record("other")), new LiveCallChange("huge", huge)], default));

        Assert.Contains("huge", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, store.JournalBytes);
        Assert.Equal("before", Assert.Single(await store.LoadAllAsync(default)).CallId);
    }

    private FileLiveCallStore Open() => new(_directory, _logger);

    private static LiveCallRecord Record(string callId, Dictionary<string, string>? state = null) =>
        new(callId, "tenant-1", CallDirection.Incoming, MediaHosting.ServiceHosted, DateTimeOffset.UnixEpoch, null, "Handler", state ?? []);
}
