using CallingBot.Graph.Media;
using CallingBot.Media.Audio;
using Microsoft.Graph.Models;

namespace CallingBot.Graph.Tests.Media;

public sealed class WebSocketMediaSessionTests
{
    [Fact]
    public void GetMediaConfiguration_AudioOnly_DescribesTheSessionsWebSocket()
    {
        var registry = new MediaSessionRegistry();
        var entry = registry.Open("call-1", video: false);
        var session = new WebSocketMediaSession(entry, new Uri("https://bot.contoso.com:8443"), AudioFormat.Default, unmixed: true);

        var blob = session.GetMediaConfiguration();

        Assert.Equal(1, (int)blob["version"]!);
        Assert.Equal("websocket", (string)blob["transport"]!);
        Assert.Equal(entry.SessionId.ToString("N"), (string)blob["sessionId"]!);
        Assert.Equal($"wss://bot.contoso.com:8443/media/{entry.SessionId:N}?token={entry.Token}", (string)blob["url"]!);
        Assert.Equal("PCM", (string)blob["audio"]!["encoding"]!);
        Assert.Equal(16000, (int)blob["audio"]!["sampleRate"]!);
        Assert.Equal(1, (int)blob["audio"]!["channels"]!);
        Assert.Equal(20, (int)blob["audio"]!["frameMilliseconds"]!);
        Assert.True((bool)blob["audio"]!["unmixed"]!);
        Assert.Null(blob["video"]);
        Assert.Equal([Modality.Audio], session.Modalities);
        Assert.Equal(entry.SessionId, session.MediaSessionId);
    }

    [Fact]
    public void GetMediaConfiguration_VideoRequested_AddsVideoAndModality()
    {
        var entry = new MediaSessionRegistry().Open(callId: null, video: true);
        var session = new WebSocketMediaSession(entry, new Uri("wss://bot.contoso.com/"), AudioFormat.Default, unmixed: false);

        var blob = session.GetMediaConfiguration();

        Assert.Equal("CBVF", (string)blob["video"]!["encoding"]!);
        Assert.Equal([Modality.Audio, Modality.Video], session.Modalities);
        Assert.StartsWith($"wss://bot.contoso.com/media/{entry.SessionId:N}?token=", (string)blob["url"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TwoSessions_GetDistinctIdsAndSecretsOf43Characters()
    {
        var registry = new MediaSessionRegistry();

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
    public async Task CloseAsync_OutboundSessionBoundLater_LeavesBothIndexesAndFailsWaiters()
    {
        var registry = new MediaSessionRegistry();
        var entry = registry.Open(callId: null, video: false);
        var waiting = entry.WaitConnectedAsync(CancellationToken.None);
        entry.BindCall("call-7");
        Assert.Same(entry, registry.FindByCall("call-7"));

        await entry.CloseAsync();

        Assert.Null(registry.Find(entry.SessionId));
        Assert.Null(registry.FindByCall("call-7"));
        Assert.Equal(0, registry.Count);
        await Assert.ThrowsAsync<InvalidOperationException>(() => waiting);
    }

    [Theory]
    [InlineData("https://bot.contoso.com", true)]
    [InlineData("wss://bot.contoso.com:443/", true)]
    [InlineData("http://bot.contoso.com", false)]
    [InlineData("wss://bot.contoso.com/?token=x", false)]
    public void Validate_PublicUrl_AcceptsOnlyWssOrHttpsWithoutQuery(string url, bool valid)
    {
        var result = new WebSocketMediaOptionsValidator().Validate(null, new WebSocketMediaOptions { PublicUrl = new Uri(url) });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("CallingBot:Media:PublicUrl", result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
