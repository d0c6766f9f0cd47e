using CallingBot.Graph.Media;
using CallingBot.Media.Audio;
using CallingBot.Media.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Graph.Models;

namespace CallingBot.Graph.Tests.Media;

public sealed class WebSocketMediaSessionTests : IAsyncDisposable
{
    private readonly MediaSessionRegistry _registry = new(new MediaEndpointOptions(), _ => false, TimeProvider.System, NullLoggerFactory.Instance);

    [Fact]
    public void GetMediaConfiguration_AudioOnly_DescribesTheSessionsWebSocket()
    {
        var media = _registry.Open("call-1", video: false);
        var session = new WebSocketMediaSession(media, new Uri("https://bot.contoso.com:8443"), AudioFormat.Default, unmixed: true);

        var blob = session.GetMediaConfiguration();

        Assert.Equal(1, (int)blob["version"]!);
        Assert.Equal("websocket", (string)blob["transport"]!);
        Assert.Equal(media.SessionId.ToString("N"), (string)blob["sessionId"]!);
        Assert.StartsWith($"wss://bot.contoso.com:8443/media/{media.SessionId:N}?token=", (string)blob["url"]!, StringComparison.Ordinal);
        Assert.Equal(media.GetUrl(new Uri("https://bot.contoso.com:8443")).AbsoluteUri, (string)blob["url"]!);
        Assert.Equal("PCM", (string)blob["audio"]!["encoding"]!);
        Assert.Equal(16000, (int)blob["audio"]!["sampleRate"]!);
        Assert.Equal(1, (int)blob["audio"]!["channels"]!);
        Assert.Equal(20, (int)blob["audio"]!["frameMilliseconds"]!);
        Assert.True((bool)blob["audio"]!["unmixed"]!);
        Assert.Null(blob["video"]);
        Assert.Equal([Modality.Audio], session.Modalities);
        Assert.Equal(media.SessionId, session.MediaSessionId);
    }

    [Fact]
    public void GetMediaConfiguration_VideoRequested_AddsVideoAndModality()
    {
        var media = _registry.Open(callId: null, video: true);
        var session = new WebSocketMediaSession(media, new Uri("wss://bot.contoso.com/"), AudioFormat.Default, unmixed: false);

        var blob = session.GetMediaConfiguration();

        Assert.Equal("CBVF", (string)blob["video"]!["encoding"]!);
        Assert.Equal([Modality.Audio, Modality.Video], session.Modalities);
        Assert.StartsWith($"wss://bot.contoso.com/media/{media.SessionId:N}?token=", (string)blob["url"]!, StringComparison.Ordinal);
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

    public ValueTask DisposeAsync() => _registry.DisposeAsync();
}
