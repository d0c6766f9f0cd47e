using CallingBot.Dashboard.Configuration;
using CallingBot.Dashboard.Timeline;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Dashboard.Tests.Timeline;

/// <summary>The timeline store stays bounded: entries per call, calls kept, and how long ended calls stay.</summary>
public sealed class CallTimelineStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Add_MoreEntriesThanThePerCallLimit_KeepsTheNewestAndCountsTheDropped()
    {
        var store = Store(maxEventsPerCall: 10);

        for (var i = 0; i < 25; i++)
        {
            store.Add("call-1", Observation($"op-{i}"));
        }

        var (call, entries) = store.Get("call-1")!.Value;
        Assert.Equal(10, entries.Count);
        Assert.Equal(10, call.Events);
        Assert.Equal(15, call.DroppedEvents);
        Assert.Equal(Enumerable.Range(15, 10).Select(i => $"op-{i}"), entries.Select(e => e.Label));
    }

    [Fact]
    public void Add_NewCallAtTheCallLimit_EvictsTheEndedCallFirstEvenIfALiveOneIsOlder()
    {
        var store = Store(maxCalls: 2);
        store.Add("live-old", Observation("x"));
        _time.Advance(TimeSpan.FromSeconds(1));
        store.Add("ended", Observation("x"));
        store.Add("ended", Observation("removed") with { Ends = true });

        var change = store.Add("new", Observation("x"));

        Assert.Equal(["ended"], change.Evicted);
        Assert.Equal(["live-old", "new"], store.List().Select(c => c.CallId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Add_NewCallAtTheCallLimitWithoutEndedCalls_EvictsTheCallIdleLongest()
    {
        var store = Store(maxCalls: 2);
        store.Add("a", Observation("x"));
        _time.Advance(TimeSpan.FromSeconds(1));
        store.Add("b", Observation("x"));
        _time.Advance(TimeSpan.FromSeconds(1));
        store.Add("a", Observation("y"));

        var change = store.Add("c", Observation("x"));

        Assert.Equal(["b"], change.Evicted);
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public void List_EndedCallPastItsRetention_IsGoneAndALiveCallStays()
    {
        var store = Store(retention: TimeSpan.FromMinutes(5));
        store.Add("live", Observation("x"));
        store.Add("ended", Observation("removed") with { Ends = true });

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal(2, store.List().Count);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(["live"], store.List().Select(c => c.CallId));
        Assert.Null(store.Get("ended"));
    }

    [Fact]
    public void Add_ObservationsOfStateDecisionAndEnd_UpdateTheSummary()
    {
        var store = Store();
        store.Add("c", Observation("route: answer") with { Decision = "answer" }, _ => new CallDescription("incoming", "EchoHandler", "ServiceHosted", "Incoming"));
        Assert.Equal("Incoming", store.List()[0].State);
        store.Add("c", Observation("state: Established") with { State = "Established" });
        var summary = store.List()[0];
        Assert.Equal(("incoming", "EchoHandler", "Established", "answer"), (summary.Direction, summary.Handler, summary.State, summary.Decision));
        Assert.Null(summary.EndedAt);

        var ended = store.Add("c", Observation("removed") with { Ends = true }).Call;

        Assert.Equal(_time.GetUtcNow(), ended.EndedAt);
        Assert.Equal("Terminated", ended.State);
    }

    [Fact]
    public void EndAbandoned_CallIdleAndNoLongerHeld_IsMarkedEndedButAHeldOneIsNot()
    {
        var store = Store();
        store.Add("gone", Observation("x"));
        store.Add("held", Observation("x"));
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(store.EndAbandoned(TimeSpan.FromMinutes(1), _ => false));
        _time.Advance(TimeSpan.FromSeconds(1));

        var ended = store.EndAbandoned(TimeSpan.FromMinutes(1), id => id == "held");

        Assert.Equal(["gone"], ended.Select(c => c.CallId));
        Assert.NotNull(store.Get("gone")!.Value.Call.EndedAt);
        Assert.Null(store.Get("held")!.Value.Call.EndedAt);
    }

    [Fact]
    public void EndAbandoned_CallTheManagerHeldAndNoLongerHolds_IsMarkedEndedAtOnce()
    {
        var store = Store();
        store.Add("dropped", Observation("route: answer"), _ => new CallDescription("incoming", "H", "ServiceHosted", "Incoming"));

        var ended = store.EndAbandoned(TimeSpan.FromMinutes(1), _ => false);

        Assert.Equal(["dropped"], ended.Select(c => c.CallId));
    }

    [Fact]
    public void Revision_RisesWithEveryChangeOfAnyCallIncludingAnAbandonedEnd()
    {
        var store = Store();
        var first = store.Add("a", Observation("x")).Call.Revision;
        var other = store.Add("b", Observation("x")).Call.Revision;
        var second = store.Add("a", Observation("y")).Call.Revision;
        var abandoned = store.EndAbandoned(TimeSpan.Zero, _ => false);

        Assert.True(first < other && other < second, $"revisions {first}, {other}, {second}");
        Assert.All(abandoned, c => Assert.True(c.Revision > second, $"{c.CallId}: {c.Revision} after {second}"));
        Assert.Equal(abandoned.Single(c => c.CallId == "a").Revision, store.Get("a")!.Value.Call.Revision);
        Assert.Equal(2, abandoned.Select(c => c.Revision).Distinct().Count());
    }

    [Fact]
    public void Get_EntriesAddedOutOfStartOrder_AreReturnedInTheOrderTheyStarted()
    {
        var store = Store();
        var start = _time.GetUtcNow();
        store.Add("c", Observation("child") with { At = start.AddMilliseconds(5) });
        store.Add("c", Observation("parent") with { At = start });

        Assert.Equal(["parent", "child"], store.Get("c")!.Value.Entries.Select(e => e.Label));
    }

    private TimelineObservation Observation(string label) =>
        new(_time.GetUtcNow(), 1, TimelineLanes.Handler, TimelineLanes.Graph, "request", label);

    private CallTimelineStore Store(int maxCalls = 500, int maxEventsPerCall = 200, TimeSpan? retention = null) =>
        new(Options.Create(new DashboardOptions { MaxCalls = maxCalls, MaxEventsPerCall = maxEventsPerCall, EndedCallRetention = retention ?? TimeSpan.FromMinutes(10) }), _time);
}
