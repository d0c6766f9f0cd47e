using CallingBot.AspNetCore.Callbacks;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace CallingBot.Host.Tests.Callbacks;

/// <summary>The bound on remembered callback tokens.</summary>
public sealed class ValidatedTokensTests : IDisposable
{
    private static readonly DateTime Now = new(2030, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly AuthorityKeyCache _keyCache = new(new Uri("https://authority.test/.well-known/openid-configuration"), new HttpDocumentRetriever(), new FakeTimeProvider(), TimeSpan.FromHours(12), TimeSpan.FromMinutes(1));
    private readonly IReadOnlyList<SecurityKey> _keys = [];

    private ValidatedTokens.Entry Entry(DateTime expires) =>
        new(new CallbackAuthenticationResult(true, "ok"), _keys, _keyCache, null, expires);

    /// <summary>A full set of tokens named <c>token-{i}</c>, each expiring when <paramref name="expires"/> says.</summary>
    private ValidatedTokens Full(Func<int, DateTime> expires)
    {
        var tokens = new ValidatedTokens();
        for (var i = 0; i < ValidatedTokens.Capacity; i++)
        {
            tokens.Add($"token-{i}", Entry(expires(i)), Now);
        }

        return tokens;
    }

    [Fact]
    public void Add_WhenFull_DropsTheExpiredEntriesFirst()
    {
        var tokens = Full(i => i % 2 == 0 ? Now.AddMinutes(-1) : Now.AddHours(1));

        tokens.Add("one-more", Entry(Now.AddHours(1)), Now);

        Assert.Equal((ValidatedTokens.Capacity / 2) + 1, tokens.Count);
        Assert.True(tokens.TryGet("token-1", out _, out _));
        Assert.False(tokens.TryGet("token-0", out _, out _));
        Assert.True(tokens.TryGet("one-more", out _, out _));
    }

    [Fact]
    public void Add_WhenFullOfLiveEntries_StartsAgainFromEmpty()
    {
        var tokens = Full(_ => Now.AddHours(1));

        tokens.Add("one-more", Entry(Now.AddHours(1)), Now);

        Assert.Equal(1, tokens.Count);
        Assert.True(tokens.TryGet("one-more", out _, out _));
    }

    [Fact]
    public void Add_SameTokenWhenFull_ReplacesItWithoutDroppingOthers()
    {
        var tokens = Full(_ => Now.AddHours(1));

        var replacement = Entry(Now.AddHours(2));
        tokens.Add("token-7", replacement, Now);

        Assert.Equal(ValidatedTokens.Capacity, tokens.Count);
        Assert.True(tokens.TryGet("token-7", out _, out var kept));
        Assert.Same(replacement, kept);
    }

    public void Dispose() => _keyCache.Dispose();
}
