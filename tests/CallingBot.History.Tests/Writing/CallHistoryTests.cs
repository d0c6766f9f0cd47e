using CallingBot.Core.Calls;
using CallingBot.Core.Manager;
using CallingBot.History.Configuration;
using CallingBot.History.Masking;
using CallingBot.History.Records;
using CallingBot.History.Tests.Infrastructure;
using CallingBot.History.Writing;
using CallingBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallingBot.History.Tests.Writing;

public sealed class CallHistoryTests
{
    [Fact]
    public async Task Record_KeepsTheRawRecordForRecentAndQueuesItMasked()
    {
        var store = new FakeStore();
        await using var harness = new HistoryHarness(store);
        var history = new CallHistory(new CallHistoryEntryMapper(new PartyMasker(new HistoryMaskingOptions())), harness.Writer, harness.Metrics, Options.Create(new CallHistoryOptions { MemoryCapacity = 2 }), NullLogger<CallHistory>.Instance);
        await harness.Writer.StartAsync(CancellationToken.None);

        foreach (var id in new[] { "a", "b", "c" })
        {
            history.Record(Record(id));
        }

        Assert.Equal(["c", "b"], history.Recent(10).Select(r => r.CallId));
        Assert.Equal("+14255550123", history.Recent(1)[0].Caller!.Id);
        await Eventually.UntilAsync(() => store.WrittenIds.Count == 3, "the three records reach the store");
    }

    private static CallRecord Record(string id) =>
        new CallRecord(id, CallDirection.Incoming, null, "rejected", Entries.Start, null, Entries.Start.AddSeconds(1), CallTermination.Normal, [])
        {
            Caller = ParticipantIdentity.Phone("+14255550123"),
        };
}
