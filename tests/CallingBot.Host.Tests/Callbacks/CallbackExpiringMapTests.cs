using CallingBot.AspNetCore.Callbacks;


namespace CallingBot.Host.Tests.Callbacks;

public sealed class CallbackExpiringMapTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryGetValue_ExpiredEntry_ReadsAsAbsentAndIsRemoved()
    {
        var map = new CallbackExpiringMap<string, int>(10);
        map.Set("a", 1, Now.AddMinutes(1), Now);

        Assert.True(map.TryGetValue("a", Now.AddSeconds(59), out var value));
        Assert.Equal(1, value);
        Assert.False(map.TryGetValue("a", Now.AddMinutes(1), out _));
        Assert.Equal(0, map.Count);
    }

    [Fact]
    public void Set_FullMap_DropsTheOldestEntry()
    {
        var map = new CallbackExpiringMap<string, int>(3);
        foreach (var key in new[] { "a", "b", "c", "d" })
        {
            map.Set(key, 0, Now.AddHours(1), Now);
        }

        Assert.Equal(3, map.Count);
        Assert.False(map.TryGetValue("a", Now, out _));
        Assert.True(map.TryGetValue("d", Now, out _));
    }

    [Fact]
    public void Set_ExpiredOldestEntries_AreDroppedBeforeAnyLiveOne()
    {
        var map = new CallbackExpiringMap<string, int>(3);
        map.Set("short", 0, Now.AddMinutes(1), Now);
        map.Set("b", 0, Now.AddHours(1), Now);
        map.Set("c", 0, Now.AddHours(1), Now);

        map.Set("d", 0, Now.AddHours(1), Now.AddMinutes(2));

        Assert.Equal(3, map.Count);
        Assert.True(map.TryGetValue("b", Now.AddMinutes(2), out _));
        Assert.True(map.TryGetValue("d", Now.AddMinutes(2), out _));
    }

    [Fact]
    public void Set_AfterARemoval_TheKeyAddedAgainIsTheYoungest()
    {
        var map = new CallbackExpiringMap<string, int>(2);
        map.Set("a", 0, Now.AddHours(1), Now);
        map.Remove("a");
        map.Set("b", 0, Now.AddHours(1), Now);
        map.Set("a", 0, Now.AddHours(1), Now);

        // The ring's first position still names "a" from before the removal; it must not evict the new "a".
        map.Set("c", 0, Now.AddHours(1), Now);

        Assert.True(map.TryGetValue("a", Now, out _));
        Assert.True(map.TryGetValue("c", Now, out _));
        Assert.False(map.TryGetValue("b", Now, out _));
    }

    [Fact]
    public void TryUpdate_KeepsTheExpiry()
    {
        var map = new CallbackExpiringMap<string, int>(2);
        map.Set("a", 1, Now.AddMinutes(1), Now);

        Assert.True(map.TryUpdate("a", 2, Now));
        Assert.True(map.TryGetValue("a", Now, out var value));
        Assert.Equal(2, value);
        Assert.False(map.TryGetValue("a", Now.AddMinutes(1), out _));
        Assert.False(map.TryUpdate("missing", 1, Now));
    }
}
