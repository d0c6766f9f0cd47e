using CallingBot.AspNetCore.Callbacks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Host.Tests.Callbacks;

/// <summary>The per-token request limit on a manual clock.</summary>
public sealed class CallbackTokenRateLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    private CallbackTokenRateLimiter Create(int limit = 3, TimeSpan? window = null) =>
        new(Options.Create(new CallbackAuthenticationOptions { MaxRequestsPerToken = limit, TokenRequestWindow = window ?? TimeSpan.FromMinutes(1) }), _time);

    private DateTimeOffset InAnHour => _time.GetUtcNow().AddHours(1);

    [Fact]
    public void Acquire_UpToTheLimit_IsAllowedThenRefusedUntilTheWindowEnds()
    {
        var limiter = Create(limit: 3);
        var expires = InAnHour;

        var allowed = Enumerable.Range(0, 3).Select(_ => limiter.Acquire("t1", expires)).ToList();
        _time.Advance(TimeSpan.FromSeconds(20));
        var refused = limiter.Acquire("t1", expires);

        Assert.All(allowed, d => Assert.True(d.IsAllowed));
        Assert.False(refused.IsAllowed);
        Assert.Equal(TimeSpan.FromSeconds(40), refused.RetryAfter);
    }

    [Fact]
    public void Acquire_AfterTheWindow_StartsANewWindow()
    {
        var limiter = Create(limit: 2);
        var expires = InAnHour;
        limiter.Acquire("t1", expires);
        limiter.Acquire("t1", expires);
        Assert.False(limiter.Acquire("t1", expires).IsAllowed);

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(limiter.Acquire("t1", expires).IsAllowed);
        Assert.True(limiter.Acquire("t1", expires).IsAllowed);
        Assert.False(limiter.Acquire("t1", expires).IsAllowed);
    }

    [Fact]
    public void Acquire_RefusedRepeatedly_ReportsOnlyTheFirstRefusalOfTheToken()
    {
        var limiter = Create(limit: 1);
        var expires = InAnHour;
        limiter.Acquire("t1", expires);

        var first = limiter.Acquire("t1", expires);
        var second = limiter.Acquire("t1", expires);
        _time.Advance(TimeSpan.FromMinutes(1));
        limiter.Acquire("t1", expires);
        var nextWindow = limiter.Acquire("t1", expires);

        Assert.True(first.IsFirstRefusal);
        Assert.False(second.IsFirstRefusal);
        Assert.False(nextWindow.IsAllowed);
        Assert.False(nextWindow.IsFirstRefusal);
    }

    [Fact]
    public void Acquire_DefaultLimit_AdmitsOneTokenCarryingEveryNotificationOfAThousandCallsASecond()
    {
        // Graph signs all of a bot's notifications with one token, so the default limit bounds the whole instance:
        // 1,000 calls a second at five notifications each, for two full windows, must all get through.
        var limiter = new CallbackTokenRateLimiter(Options.Create(new CallbackAuthenticationOptions()), _time);
        var expires = InAnHour;
        var refused = 0;
        for (var millisecond = 0; millisecond < 120_000; millisecond++)
        {
            for (var notification = 0; notification < 5; notification++)
            {
                refused += limiter.Acquire("graph", expires).IsAllowed ? 0 : 1;
            }

            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(0, refused);
    }

    [Fact]
    public void Acquire_OtherToken_HasItsOwnCount()
    {
        var limiter = Create(limit: 1);
        limiter.Acquire("t1", InAnHour);

        Assert.False(limiter.Acquire("t1", InAnHour).IsAllowed);
        Assert.True(limiter.Acquire("t2", InAnHour).IsAllowed);
    }

    [Fact]
    public void Acquire_TokenExpired_IsForgotten()
    {
        var limiter = Create(limit: 1, window: TimeSpan.FromHours(1));
        var expires = _time.GetUtcNow().AddMinutes(10);
        limiter.Acquire("t1", expires);
        Assert.False(limiter.Acquire("t1", expires).IsAllowed);

        // Forgotten once the token and the clock skew (2 minutes) are past, though the window has not ended.
        _time.Advance(TimeSpan.FromMinutes(12));
        var later = _time.GetUtcNow().AddMinutes(10);

        Assert.True(limiter.Acquire("t1", later).IsAllowed);
        Assert.Equal(1, limiter.Count);
    }

    [Fact]
    public void Acquire_ManyTokens_TracksAtMostTheBound()
    {
        var limiter = Create(limit: 1);
        for (var i = 0; i < CallbackTokenRateLimiter.MaxTrackedTokens + 500; i++)
        {
            limiter.Acquire($"t{i}", InAnHour);
        }

        Assert.Equal(CallbackTokenRateLimiter.MaxTrackedTokens, limiter.Count);

        // The oldest were forgotten; the newest still count.
        Assert.True(limiter.Acquire("t0", InAnHour).IsAllowed);
        Assert.False(limiter.Acquire($"t{CallbackTokenRateLimiter.MaxTrackedTokens + 499}", InAnHour).IsAllowed);
    }
}
