using CallingBot.Media.Sessions;
using CallingBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallingBot.Media.Tests.Sessions;

public sealed class MediaSessionRegistryTests
{
    private readonly TimerCountingTimeProvider _clock = new();
    private readonly HashSet<string> _endedCalls = new(StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void Open_TwoSessions_GetDistinctIdsAndSecretsOf43Characters()
    {
        var registry = Create();

        var first = registry.Open("a", video: false);
        var second = registry.Open("b", video: false);

        Assert.NotEqual(first.SessionId, second.SessionId);
        Assert.NotEqual(first.Token, second.Token);
        Assert.Equal(43, first.Token.Length);
        Assert.True(first.VerifyToken(first.Token));
        Assert.False(first.VerifyToken(second.Token));
        Assert.False(first.VerifyToken(first.Token[..^1]));
        Assert.False(first.VerifyToken(null));
    }

    [Fact]
    public void GetUrl_HttpsBase_IsTheWssMediaRouteWithTheSessionIdAndItsSecret()
    {
        var session = Create().Open("call-1", video: false);

        var url = session.GetUrl(new Uri("https://bot.contoso.com:8443"));

        Assert.Equal($"wss://bot.contoso.com:8443/media/{session.SessionId:N}?token={session.Token}", url.AbsoluteUri);
    }

    [Fact]
    public async Task CloseAsync_OutboundSessionBoundLater_LeavesBothIndexesAndFailsWaiters()
    {
        var registry = Create();
        var session = registry.Open(callId: null, video: false);
        var waiting = session.WaitConnectedAsync(CancellationToken.None);
        session.BindCall("call-7");
        Assert.Same(session, registry.FindByCall("call-7"));

        await session.CloseAsync();

        Assert.Null(registry.Find(session.SessionId));
        Assert.Null(registry.FindByCall("call-7"));
        Assert.Equal(0, registry.Count);
        await Assert.ThrowsAsync<InvalidOperationException>(() => waiting);
    }

    [Theory]
    [InlineData("not a WebSocket request", MediaRefusal.NotWebSocketRequest)]
    [InlineData("unknown session", MediaRefusal.UnknownSession)]
    [InlineData("session id with dashes", MediaRefusal.UnknownSession)]
    [InlineData("no token", MediaRefusal.WrongToken)]
    [InlineData("another session's token", MediaRefusal.WrongToken)]
    [InlineData("call the registry knows ended", MediaRefusal.CallEnded)]
    [InlineData("closed session, forgotten", MediaRefusal.UnknownSession)]
    public async Task AdmitAsync_BadRequest_IsRefusedWithItsReasonAndChangesNothing(string name, MediaRefusal expected)
    {
        var registry = Create();
        var session = registry.Open("call-1", video: false);
        var other = registry.Open("call-2", video: false);
        var (rawId, token, isWebSocket) = (session.SessionId.ToString("N"), (string?)session.Token, true);
        switch (name)
        {
            case "not a WebSocket request": isWebSocket = false; break;
            case "unknown session": rawId = Guid.NewGuid().ToString("N"); break;
            case "session id with dashes": rawId = session.SessionId.ToString("D"); break;
            case "no token": token = null; break;
            case "another session's token": token = other.Token; break;
            case "call the registry knows ended": _endedCalls.Add("CALL-1"); break;
            case "closed session, forgotten": await session.CloseAsync(); break;
        }

        var admission = await registry.AdmitAsync(rawId, token, isWebSocket, CancellationToken.None);

        Assert.Null(admission.Session);
        Assert.Equal(expected, admission.Refusal);
        Assert.False(session.IsConnected);
    }

    [Fact]
    public async Task AdmitAsync_SessionOfACallNotBoundYet_WaitsForTheCallIdThenAdmits()
    {
        var registry = Create();
        var session = registry.Open(callId: null, video: false);

        var admitting = registry.AdmitAsync(session.SessionId.ToString("N"), session.Token, isWebSocketRequest: true, CancellationToken.None).AsTask();
        Assert.False(admitting.IsCompleted);
        session.BindCall("placed-1");
        var admission = await Eventually.WithinAsync(admitting, "admitted once the call id is bound");

        Assert.Same(session, admission.Session);
        Assert.Equal(MediaRefusal.None, admission.Refusal);
        Assert.Null(admission.Reason);
    }

    [Fact]
    public async Task AdmitAsync_CallIdNeverBound_RefusedWhenTheBindTimeoutPasses()
    {
        var registry = Create(new MediaEndpointOptions { BindTimeout = TimeSpan.FromSeconds(3) });
        var session = registry.Open(callId: null, video: false);

        var admitting = registry.AdmitAsync(session.SessionId.ToString("N"), session.Token, isWebSocketRequest: true, CancellationToken.None).AsTask();
        await Eventually.UntilAsync(() => _clock.ArmedTimerCount > 0, "the bind wait armed its deadline");
        _clock.Advance(TimeSpan.FromSeconds(3));
        var admission = await Eventually.WithinAsync(admitting, "refused at the bind timeout");

        Assert.Equal(MediaRefusal.CallNotKnown, admission.Refusal);
        Assert.Equal("the session's call is not known", admission.Reason);
        Assert.Null(session.CallId);
    }

    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("abc\r\nFAKE LOG LINE", "abc\r\nFAKE LOG LINE")]
    public void LoggableId_CallerText_IsBoundedAndLeftToTheLogRedactorToEscape(string raw, string expected)
    {
        Assert.Equal(expected, MediaSessionRegistry.LoggableId(raw));
        Assert.Equal(64, MediaSessionRegistry.LoggableId(new string('a', 500)).Length);
    }

    private MediaSessionRegistry Create(MediaEndpointOptions? options = null) =>
        new(options ?? new MediaEndpointOptions(), _endedCalls.Contains, _clock, NullLoggerFactory.Instance);
}
