using System.Text;
using CallingBot.AspNetCore.Callbacks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Host.Tests.Callbacks;

/// <summary>Replay detection of notification bodies per token, on a manual clock.</summary>
[Collection(MemoryCollection.Name)]
public sealed class CallbackReplayCacheTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"value":[{"changeType":"updated"}]}""");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    private CallbackReplayCache Create(int capacity = 1000) =>
        new(Options.Create(new CallbackAuthenticationOptions { ReplayCacheCapacity = capacity }), _time);

    private DateTimeOffset InAnHour => _time.GetUtcNow().AddHours(1);

    [Fact]
    public void Begin_SameTokenAndBodyAfterSuccess_IsAReplay()
    {
        var cache = Create();
        var first = cache.Begin("t1", InAnHour, Body);
        cache.Complete(first.Key);

        var again = cache.Begin("t1", InAnHour, Body);

        Assert.Equal(CallbackReplayVerdict.Fresh, first.Verdict);
        Assert.Equal(CallbackReplayVerdict.Replay, again.Verdict);
        Assert.True(again.IsFirstReplayOfToken);
        Assert.False(cache.Begin("t1", InAnHour, Body).IsFirstReplayOfToken);
    }

    [Fact]
    public void Begin_ReplayOfABodyAnsweredWithContent_CarriesTheFirstAnswer()
    {
        var cache = Create();
        cache.Complete(cache.Begin("t1", InAnHour, Body).Key, """{"@odata.type":"#microsoft.graph.acceptJoinResponse"}""");

        var again = cache.Begin("t1", InAnHour, Body);

        Assert.Equal(CallbackReplayVerdict.Replay, again.Verdict);
        Assert.Equal("""{"@odata.type":"#microsoft.graph.acceptJoinResponse"}""", again.Response);
    }

    [Fact]
    public void Begin_AfterAFailedProcessing_IsFreshAgain()
    {
        // A genuine retry after the bot answered an error must be processed.
        var cache = Create();
        var first = cache.Begin("t1", InAnHour, Body);
        cache.Abandon(first.Key);

        var retry = cache.Begin("t1", InAnHour, Body);

        Assert.Equal(CallbackReplayVerdict.Fresh, retry.Verdict);
    }

    [Fact]
    public void Begin_WhileTheSameBodyIsProcessed_IsInFlight()
    {
        var cache = Create();
        var first = cache.Begin("t1", InAnHour, Body);

        var concurrent = cache.Begin("t1", InAnHour, Body);
        cache.Complete(first.Key);

        Assert.Equal(CallbackReplayVerdict.InFlight, concurrent.Verdict);
        Assert.Equal(CallbackReplayVerdict.Replay, cache.Begin("t1", InAnHour, Body).Verdict);
    }

    [Fact]
    public void Begin_OtherTokenOrOtherBody_IsFresh()
    {
        var cache = Create();
        cache.Complete(cache.Begin("t1", InAnHour, Body).Key);

        Assert.Equal(CallbackReplayVerdict.Fresh, cache.Begin("t2", InAnHour, Body).Verdict);
        Assert.Equal(CallbackReplayVerdict.Fresh, cache.Begin("t1", InAnHour, [.. Body, (byte)' ']).Verdict);
    }

    [Fact]
    public void Begin_TokenKeyAndBodyBoundary_DoNotCollide()
    {
        var cache = Create();
        cache.Complete(cache.Begin("t1", InAnHour, Encoding.UTF8.GetBytes("x{}")).Key);

        Assert.Equal(CallbackReplayVerdict.Fresh, cache.Begin("t1x", InAnHour, Encoding.UTF8.GetBytes("{}")).Verdict);
    }

    [Fact]
    public void Begin_AfterTheTokenExpired_IsForgotten()
    {
        var cache = Create();
        var expires = _time.GetUtcNow().AddMinutes(10);
        cache.Complete(cache.Begin("t1", expires, Body).Key);
        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(CallbackReplayVerdict.Replay, cache.Begin("t1", expires, Body).Verdict);

        // Past the expiry and the clock skew (2 minutes) the token itself is refused, and the entry is gone.
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(CallbackReplayVerdict.Fresh, cache.Begin("t1", expires, Body).Verdict);
    }

    [Fact]
    public void Begin_BeyondTheCapacity_ForgetsTheOldestBodies()
    {
        var cache = Create(capacity: 1000);
        for (var i = 0; i < 1500; i++)
        {
            cache.Complete(cache.Begin("t1", InAnHour, Encoding.UTF8.GetBytes($"body {i}")).Key);
        }

        Assert.Equal(1000, cache.Count);
        Assert.Equal(CallbackReplayVerdict.Replay, cache.Begin("t1", InAnHour, Encoding.UTF8.GetBytes("body 1499")).Verdict);
        Assert.Equal(CallbackReplayVerdict.Fresh, cache.Begin("t1", InAnHour, Encoding.UTF8.GetBytes("body 0")).Verdict);
    }

    [Fact]
    public void Capacity_AtTheDefault_StaysWithinItsDocumentedMemory()
    {
        var cache = Create(capacity: new CallbackAuthenticationOptions().ReplayCacheCapacity);
        var body = new byte[8];
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < 200_000; i++)
        {
            BitConverter.TryWriteBytes(body, (long)i);
            cache.Complete(cache.Begin("t1", InAnHour, body).Key);
        }

        var growth = GC.GetTotalMemory(forceFullCollection: true) - before;

        Assert.Equal(100_000, cache.Count);
        Assert.True(growth < 16 * 1024 * 1024, $"{growth} bytes for {cache.Count} entries");
        GC.KeepAlive(cache);
    }
}
