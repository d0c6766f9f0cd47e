using CallingBot.Core.Registry;

namespace CallingBot.Core.Tests.Registry;

public sealed class InMemoryCallRegistryTests
{
    [Fact]
    public void GetStatus_NeverSeen_IsUnknown()
    {
        var registry = new InMemoryCallRegistry();

        Assert.Equal(CallStatus.Unknown, registry.GetStatus("call-1"));
        Assert.Null(registry.GetTenant("call-1"));
        Assert.Equal(0, registry.LiveCount);
    }

    [Fact]
    public void MarkEnded_LiveCall_IsEndedNotLiveAndItsTenantHasNoCall()
    {
        var registry = new InMemoryCallRegistry();
        Assert.True(registry.TryAddLive("call-1", "tenant-a"));
        Assert.Equal(CallStatus.Live, registry.GetStatus("call-1"));
        Assert.Equal("tenant-a", registry.GetTenant("call-1"));
        Assert.True(registry.HasLiveCalls("tenant-a"));

        registry.MarkEnded("call-1");

        Assert.Equal(CallStatus.Ended, registry.GetStatus("call-1"));
        Assert.Null(registry.GetTenant("call-1"));
        Assert.False(registry.HasLiveCalls("tenant-a"));
        Assert.Equal(0, registry.LiveCount);
    }

    [Fact]
    public void TryAddLive_EndedOrLiveCall_IsRefused()
    {
        var registry = new InMemoryCallRegistry();
        Assert.True(registry.TryAddLive("live", "tenant-a"));
        registry.MarkEnded("ended");

        Assert.False(registry.TryAddLive("live", "tenant-a"));
        Assert.False(registry.TryAddLive("ended", "tenant-a"));
        Assert.Equal(CallStatus.Ended, registry.GetStatus("ended"));
        Assert.Equal(1, registry.LiveCount);
    }

    [Fact]
    public void CallIdsAndTenants_DifferingOnlyInCase_AreTheSame()
    {
        var registry = new InMemoryCallRegistry();
        Assert.True(registry.TryAddLive("Call-ABC", "7A6C2F4E-1B3D-4E5F-8A9B-0C1D2E3F4A5B"));

        Assert.Equal(CallStatus.Live, registry.GetStatus("call-abc"));
        Assert.True(registry.HasLiveCalls("7a6c2f4e-1b3d-4e5f-8a9b-0c1d2e3f4a5b"));
        Assert.False(registry.TryAddLive("CALL-abc", "other"));

        registry.MarkEnded("cALL-aBc");

        Assert.Equal(CallStatus.Ended, registry.GetStatus("Call-ABC"));
        Assert.False(registry.HasLiveCalls("7a6c2f4e-1b3d-4e5f-8a9b-0c1d2e3f4a5b"));
    }

    [Fact]
    public void MarkEnded_BeyondCapacity_ForgetsTheOldestEndedCallsOnly()
    {
        var registry = new InMemoryCallRegistry(endedCallCapacity: 3);
        Assert.True(registry.TryAddLive("live", "tenant-a"));

        foreach (var id in new[] { "e1", "e2", "e3", "e4", "e5" })
        {
            registry.MarkEnded(id);
        }

        Assert.Equal(CallStatus.Unknown, registry.GetStatus("e1"));
        Assert.Equal(CallStatus.Unknown, registry.GetStatus("e2"));
        Assert.Equal(CallStatus.Ended, registry.GetStatus("e3"));
        Assert.Equal(CallStatus.Ended, registry.GetStatus("e4"));
        Assert.Equal(CallStatus.Ended, registry.GetStatus("e5"));
        Assert.Equal(CallStatus.Live, registry.GetStatus("live"));
    }

    [Fact]
    public void MarkEnded_SameIdTwice_TakesOneSlot()
    {
        var registry = new InMemoryCallRegistry(endedCallCapacity: 2);
        registry.MarkEnded("e1");
        registry.MarkEnded("e2");
        registry.MarkEnded("E2");

        Assert.Equal(CallStatus.Ended, registry.GetStatus("e1"));
        Assert.Equal(CallStatus.Ended, registry.GetStatus("e2"));
    }

    [Fact]
    public void HasLiveCalls_TenantWithSeveralCalls_StaysTrueUntilTheLastEnds()
    {
        var registry = new InMemoryCallRegistry();
        registry.TryAddLive("c1", "tenant-a");
        registry.TryAddLive("c2", "tenant-a");
        registry.TryAddLive("c3", null);

        registry.MarkEnded("c1");
        Assert.True(registry.HasLiveCalls("tenant-a"));
        registry.MarkEnded("c2");

        Assert.False(registry.HasLiveCalls("tenant-a"));
        Assert.Equal(1, registry.LiveCount);
    }

    [Fact]
    public void BeginPlacing_NamedTenant_CountsAsLiveForThatTenantUntilDisposed()
    {
        var registry = new InMemoryCallRegistry();

        var placing = registry.BeginPlacing("tenant-a");
        Assert.True(registry.HasLiveCalls("TENANT-A"));
        Assert.False(registry.HasLiveCalls("tenant-b"));
        placing.Dispose();
        placing.Dispose();

        Assert.False(registry.HasLiveCalls("tenant-a"));
    }

    [Fact]
    public void BeginPlacing_UnnamedTenant_CountsForEveryTenantUntilDisposed()
    {
        var registry = new InMemoryCallRegistry();

        using (registry.BeginPlacing(tenantId: null))
        {
            Assert.True(registry.HasLiveCalls("tenant-a"));
            Assert.True(registry.HasLiveCalls("tenant-b"));
        }

        Assert.False(registry.HasLiveCalls("tenant-a"));
    }

    [Fact]
    public void Constructor_CapacityBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryCallRegistry(endedCallCapacity: 0));
    }

    [Fact]
    public async Task ConcurrentCalls_AddedAndEndedFromManyThreads_EndConsistent()
    {
        const int Calls = 4000;
        var registry = new InMemoryCallRegistry(endedCallCapacity: Calls);
        var neverUnknown = true;
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            // A call that was seen live must never read as unknown while it moves to ended.
            while (!stop.IsCancellationRequested)
            {
                for (var i = 0; i < Calls; i += 97)
                {
                    var id = $"call-{i}";
                    if (registry.GetStatus(id) == CallStatus.Live && registry.GetStatus(id) == CallStatus.Unknown)
                    {
                        neverUnknown = false;
                    }
                }
            }
        });

        await Parallel.ForAsync(0, Calls, new ParallelOptions { MaxDegreeOfParallelism = 8 }, (i, _) =>
        {
            var id = $"call-{i}";
            var tenant = $"tenant-{i % 5}";
            Assert.True(registry.TryAddLive(id, tenant));
            Assert.False(registry.TryAddLive(id, tenant));
            using (registry.BeginPlacing(tenant))
            {
                Assert.True(registry.HasLiveCalls(tenant));
            }

            if (i % 2 == 0)
            {
                registry.MarkEnded(id);
            }

            return ValueTask.CompletedTask;
        });
        await stop.CancelAsync();
        await reader;

        Assert.True(neverUnknown, "a call read as unknown between live and ended");
        Assert.Equal(Calls / 2, registry.LiveCount);
        Assert.Equal(Calls / 2, Enumerable.Range(0, Calls).Count(i => registry.GetStatus($"call-{i}") == CallStatus.Ended));
        Assert.All(Enumerable.Range(0, 5), t => Assert.True(registry.HasLiveCalls($"tenant-{t}")));
        for (var i = 1; i < Calls; i += 2)
        {
            registry.MarkEnded($"call-{i}");
        }

        Assert.Equal(0, registry.LiveCount);
        Assert.All(Enumerable.Range(0, 5), t => Assert.False(registry.HasLiveCalls($"tenant-{t}")));
    }
}
