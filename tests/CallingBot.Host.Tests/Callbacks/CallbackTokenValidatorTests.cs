using CallingBot.Graph.Configuration;
using CallingBot.AspNetCore.Callbacks;
using CallingBot.Host.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Host.Tests.Callbacks;

/// <summary>The callback token validator against a test-owned OpenID authority, on a manual clock.</summary>
public sealed class CallbackTokenValidatorTests : IAsyncLifetime, IDisposable
{
    private const string AppId = "b07c0de5-0a11-4b07-9c11-10ca1b0b0001";
    private const string Tenant = "7a6c2f4e-1b3d-4e5f-8a9b-0c1d2e3f4a5b";

    private readonly TestTokenIssuer _issuer = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly SimpleHttpClientFactory _clients = new();
    private TestOpenIdServer _server = null!;
    private CallbackTokenValidator _validator = null!;

    public async Task InitializeAsync()
    {
        _server = await TestOpenIdServer.StartAsync(_issuer);
        _validator = CreateValidator(new CallbackAuthenticationOptions());
    }

    private CallbackTokenValidator CreateValidator(CallbackAuthenticationOptions options)
    {
        options.AllowHttpMetadata = true;
        options.Authorities =
        [
            new TokenAuthority { Name = "test", MetadataUrl = _server.MetadataUrl, IssuerPrefixes = ["https://issuer.test/"], RequireTrustedCaller = true },
        ];
        return new CallbackTokenValidator(
            Options.Create(options),
            Options.Create(new GraphCallingOptions { AppId = AppId, TenantId = Tenant }),
            _clients,
            _time,
            NullLogger<CallbackTokenValidator>.Instance);
    }

    private Dictionary<string, object> Claims() => TestTokenIssuer.ValidClaims(AppId, $"https://issuer.test/{Tenant}/v2.0", Tenant, _time.GetUtcNow());

    private Task<CallbackAuthenticationResult> ValidateAsync(string token) => _validator.ValidateAsync("Bearer " + token, CancellationToken.None);

    [Fact]
    public async Task ValidateAsync_ValidToken_SucceedsWithTenantAndAuthority()
    {
        var result = await ValidateAsync(_issuer.Sign(Claims()));

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(Tenant, result.TenantId);
        Assert.Equal("test", result.Authority);
    }

    [Theory]
    [InlineData("uti", "test:id:Aa1-uti")]
    [InlineData("jti", "test:id:Aa1-uti")]
    public async Task ValidateAsync_TokenWithAnId_IsKeyedByItsAuthorityAndId(string claim, string expected)
    {
        var claims = Claims();
        claims[claim] = "Aa1-uti";

        var result = await ValidateAsync(_issuer.Sign(claims));

        Assert.Equal(expected, result.TokenKey);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)claims["exp"]), result.ExpiresAt);
    }

    [Fact]
    public async Task ValidateAsync_TokenWithoutAnId_IsKeyedByItsHashNeverItsText()
    {
        var token = _issuer.Sign(Claims());
        var otherClaims = Claims();
        otherClaims["nonce"] = "x";
        var other = _issuer.Sign(otherClaims);

        var result = await ValidateAsync(token);

        Assert.Equal("test:sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))), result.TokenKey);
        Assert.DoesNotContain(token.Split('.')[2], result.TokenKey!, StringComparison.Ordinal);
        Assert.NotEqual(result.TokenKey, (await ValidateAsync(other)).TokenKey);
    }

    [Fact]
    public async Task ValidateAsync_Ps256Token_Succeeds()
    {
        var result = await ValidateAsync(TestTokenIssuer.Sign(Claims(), _issuer.Primary, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.RsaSsaPssSha256));

        Assert.True(result.Succeeded, result.Reason);
    }

    [Fact]
    public async Task ValidateAsync_ExpiredWithinClockSkew_Succeeds()
    {
        var claims = Claims();
        claims["exp"] = _time.GetUtcNow().AddSeconds(-119).ToUnixTimeSeconds();

        var result = await ValidateAsync(_issuer.Sign(claims));

        Assert.True(result.Succeeded, result.Reason);
    }

    [Fact]
    public async Task ValidateAsync_TokenExpiresWhileClockAdvances_IsThenRejected()
    {
        var token = _issuer.Sign(Claims());
        Assert.True((await ValidateAsync(token)).Succeeded);

        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));

        Assert.Equal("token-expired", (await ValidateAsync(token)).Reason);
    }

    [Fact]
    public async Task ValidateAsync_SameTokenAgain_IsAnsweredWithTheResultItPassedWith()
    {
        var token = _issuer.Sign(Claims());
        var first = await ValidateAsync(token);

        var second = await ValidateAsync(token);

        Assert.True(first.Succeeded, first.Reason);
        Assert.Same(first, second);
        Assert.Equal(1, _validator.RememberedTokens);
        Assert.Equal(1, _server.KeyFetches);
    }

    [Fact]
    public async Task ValidateAsync_SameTokenWithOtherWhiteSpaceAroundIt_IsFoundAmongTheRememberedAndAnOtherTokenIsNot()
    {
        var token = _issuer.Sign(Claims());
        var first = await _validator.ValidateAsync($"Bearer {token}", CancellationToken.None);

        var padded = await _validator.ValidateAsync($"bearer   {token} \t", CancellationToken.None);
        var truncated = await _validator.ValidateAsync($"Bearer {token[..^1]}", CancellationToken.None);

        Assert.True(first.Succeeded, first.Reason);
        Assert.Same(first, padded);
        Assert.False(truncated.Succeeded);
        Assert.Equal(1, _validator.RememberedTokens);
        Assert.Equal(1, _server.KeyFetches);
    }

    [Fact]
    public async Task ValidateAsync_RejectedToken_IsNeverRemembered()
    {
        var forged = TestTokenIssuer.Sign(Claims(), TestTokenIssuer.CreateKey(_issuer.Primary.KeyId!));

        Assert.Equal("bad-signature", (await ValidateAsync(forged)).Reason);
        Assert.Equal("bad-signature", (await ValidateAsync(forged)).Reason);
        Assert.Equal(0, _validator.RememberedTokens);
    }

    [Fact]
    public async Task ValidateAsync_RememberedTokenExpires_IsRejectedAndForgotten()
    {
        var token = _issuer.Sign(Claims());
        Assert.True((await ValidateAsync(token)).Succeeded);
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(2));
        Assert.True((await ValidateAsync(token)).Succeeded, "still within the clock skew");

        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await ValidateAsync(token);

        Assert.Equal("token-expired", result.Reason);
        Assert.Equal("test", result.Authority);
        Assert.Equal(0, _validator.RememberedTokens);
    }

    [Fact]
    public async Task ValidateAsync_KeyOfARememberedTokenWithdrawn_IsRejectedOnceTheKeysAreRefreshed()
    {
        using var validator = CreateValidator(new CallbackAuthenticationOptions { KeyRefreshInterval = TimeSpan.FromMinutes(10) });
        var retiring = TestTokenIssuer.CreateKey("retiring-key");
        _issuer.Publish(retiring);
        var token = TestTokenIssuer.Sign(Claims(), retiring);
        Assert.True((await validator.ValidateAsync("Bearer " + token, CancellationToken.None)).Succeeded);
        _issuer.Withdraw(retiring);
        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.True((await validator.ValidateAsync("Bearer " + token, CancellationToken.None)).Succeeded, "the keys are not due for refresh yet");

        _time.Advance(TimeSpan.FromMinutes(2));
        var result = await validator.ValidateAsync("Bearer " + token, CancellationToken.None);

        Assert.Equal("unknown-signing-key", result.Reason);
        Assert.Equal(0, validator.RememberedTokens);
    }

    [Fact]
    public async Task ValidateAsync_KeysRefreshedWithTheTokensKeyStillPublished_ChecksTheTokenAfreshAndAcceptsIt()
    {
        using var validator = CreateValidator(new CallbackAuthenticationOptions { KeyRefreshInterval = TimeSpan.FromMinutes(10) });
        var token = _issuer.Sign(Claims());
        var first = await validator.ValidateAsync("Bearer " + token, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(11));

        var second = await validator.ValidateAsync("Bearer " + token, CancellationToken.None);

        Assert.True(second.Succeeded, second.Reason);
        Assert.NotSame(first, second);
        Assert.Equal(first.TokenKey, second.TokenKey);
        Assert.Same(second, await validator.ValidateAsync("Bearer " + token, CancellationToken.None));
    }

    [Fact]
    public async Task ValidateAsync_NewKeyRolledOutAfterMinimumInterval_RefreshesOnceAndAcceptsTheFirstToken()
    {
        Assert.True((await ValidateAsync(_issuer.Sign(Claims()))).Succeeded);
        Assert.Equal(1, _server.KeyFetches);
        var rolled = TestTokenIssuer.CreateKey("rolled-key");
        _issuer.Publish(rolled);
        _time.Advance(TimeSpan.FromMinutes(1));

        var result = await ValidateAsync(TestTokenIssuer.Sign(Claims(), rolled));

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(2, _server.KeyFetches);
    }

    [Fact]
    public async Task ValidateAsync_UnknownKeyRightAfterAFetch_IsRejectedWithoutFetchingAgain()
    {
        Assert.True((await ValidateAsync(_issuer.Sign(Claims()))).Succeeded);
        var rolled = TestTokenIssuer.CreateKey("too-early");
        _issuer.Publish(rolled);

        var result = await ValidateAsync(TestTokenIssuer.Sign(Claims(), rolled));

        Assert.Equal("unknown-signing-key", result.Reason);
        Assert.Equal(1, _server.KeyFetches);
    }

    [Fact]
    public async Task ValidateAsync_UnknownKeyIdsFlood_RefreshesAtMostOncePerMinimumInterval()
    {
        Assert.True((await ValidateAsync(_issuer.Sign(Claims()))).Succeeded);
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        _time.Advance(TimeSpan.FromMinutes(1));

        for (var i = 0; i < 20; i++)
        {
            var stranger = new Microsoft.IdentityModel.Tokens.RsaSecurityKey(rsa) { KeyId = $"stranger-{i}" };
            Assert.Equal("unknown-signing-key", (await ValidateAsync(TestTokenIssuer.Sign(Claims(), stranger))).Reason);
        }

        Assert.Equal(2, _server.KeyFetches);
        _time.Advance(TimeSpan.FromMinutes(1));
        var late = new Microsoft.IdentityModel.Tokens.RsaSecurityKey(rsa) { KeyId = "stranger-late" };
        Assert.Equal("unknown-signing-key", (await ValidateAsync(TestTokenIssuer.Sign(Claims(), late))).Reason);
        Assert.Equal(3, _server.KeyFetches);
    }

    [Fact]
    public async Task ValidateAsync_MetadataUnavailable_ReportsMetadataUnavailable()
    {
        _server.Failing = true;

        var result = await ValidateAsync(_issuer.Sign(Claims()));

        Assert.False(result.Succeeded);
        Assert.Equal(CallbackAuthenticationResult.MetadataUnavailable, result.Reason);
    }

    [Fact]
    public async Task ValidateAsync_MetadataFailsAfterKeysWereFetched_KeepsUsingCachedKeys()
    {
        Assert.True((await ValidateAsync(_issuer.Sign(Claims()))).Succeeded);
        _server.Failing = true;
        _time.Advance(TimeSpan.FromHours(13));

        var result = await ValidateAsync(_issuer.Sign(Claims()));

        Assert.True(result.Succeeded, result.Reason);
    }

    [Fact]
    public async Task ValidateAsync_HttpMetadataNotAllowed_ReportsMetadataUnavailable()
    {
        var options = new CallbackAuthenticationOptions
        {
            Authorities = [new TokenAuthority { Name = "test", MetadataUrl = _server.MetadataUrl, IssuerPrefixes = ["https://issuer.test/"] }],
        };
        using var strict = new CallbackTokenValidator(Options.Create(options), Options.Create(new GraphCallingOptions { AppId = AppId }), _clients, _time, NullLogger<CallbackTokenValidator>.Instance);

        var result = await strict.ValidateAsync("Bearer " + _issuer.Sign(Claims()), CancellationToken.None);

        Assert.Equal(CallbackAuthenticationResult.MetadataUnavailable, result.Reason);
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/", "https://login.microsoftonline.com/T/v2.0", true)]
    [InlineData("https://login.microsoftonline.com/", "https://login.microsoftonline.com/t/v2.0", true)]
    [InlineData("https://sts.windows.net/", "https://sts.windows.net/T/", true)]
    [InlineData("https://login.microsoftonline.com", "https://login.microsoftonline.com/T/v2.0", true)]
    [InlineData("https://login.microsoftonline.com", "https://login.microsoftonline.com.evil.example/T/v2.0", false)]
    [InlineData("https://login.microsoftonline.com/", "https://login.microsoftonline.com/v2.0", false)]
    [InlineData("https://login.microsoftonline.com/", "https://login.microsoftonline.com/x/T/v2.0", false)]
    [InlineData("https://login.microsoftonline.com/", "https://login.microsoftonline.com/Tx/v2.0", false)]
    public void IssuerMatchesPrefix_Cases_MatchOnlyWithTenantAsFirstSegment(string prefix, string issuer, bool expected)
    {
        Assert.Equal(expected, CallbackTokenValidator.IssuerMatchesPrefix(issuer, prefix, "T"));
    }

    public async Task DisposeAsync()
    {
        _validator.Dispose();
        await _server.DisposeAsync();
    }

    public void Dispose()
    {
        _clients.Dispose();
        _issuer.Dispose();
    }
}
