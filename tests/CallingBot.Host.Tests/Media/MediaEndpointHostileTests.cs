using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CallingBot.Media.Streaming;
using CallingBot.Testing;

namespace CallingBot.Host.Tests.Media;

/// <summary>
/// Hostile requests against the media WebSocket endpoint of a host that is streaming a live app-hosted call: each gets
/// its exact HTTP status (before the upgrade) or close status (after it), changes no session, and the live call's
/// media keeps flowing.
/// </summary>
public sealed class MediaEndpointHostileTests(MediaEndpointFixture fixture) : IClassFixture<MediaEndpointFixture>
{
    public static TheoryData<string, HttpStatusCode> RefusedBeforeUpgrade() => new()
    {
        { "no token", HttpStatusCode.Unauthorized },
        { "empty token", HttpStatusCode.Unauthorized },
        { "wrong token", HttpStatusCode.Unauthorized },
        { "token of another session", HttpStatusCode.Unauthorized },
        { "token twice", HttpStatusCode.Unauthorized },
        { "overlong token", HttpStatusCode.Unauthorized },
        { "token in another case", HttpStatusCode.Unauthorized },
        { "unknown session", HttpStatusCode.NotFound },
        { "session id not a guid", HttpStatusCode.NotFound },
        { "session id with dashes", HttpStatusCode.NotFound },
        { "second connection to a connected session", HttpStatusCode.Conflict },
    };

    [Theory]
    [MemberData(nameof(RefusedBeforeUpgrade))]
    public async Task MediaEndpoint_HostileUpgrade_IsRefusedWithItsStatusAndChangesNothing(string name, HttpStatusCode expected)
    {
        var (other, otherUrl) = fixture.OpenSession(video: false);
        var live = fixture.LiveSessionUrl;
        var liveToken = Token(live);
        var url = name switch
        {
            "no token" => WithQuery(live, null),
            "empty token" => WithQuery(live, "token="),
            "wrong token" => WithQuery(live, "token=" + Uri.EscapeDataString(liveToken[..^2] + "xx")),
            "token of another session" => WithQuery(live, otherUrl.Query.TrimStart('?')),
            "token twice" => WithQuery(live, $"token={Uri.EscapeDataString(liveToken)}&token={Uri.EscapeDataString(liveToken)}"),
            "overlong token" => WithQuery(live, "token=" + new string('a', 300)),
            "token in another case" => WithQuery(live, "token=" + Uri.EscapeDataString(SwapCase(liveToken))),
            "unknown session" => new Uri(live, $"{Guid.NewGuid():N}{live.Query}"),
            "session id not a guid" => new Uri(live, "..%2Fapi%2Fcalling" + live.Query),
            "session id with dashes" => new Uri(live, $"{fixture.LiveSession.SessionId:D}{live.Query}"),
            "second connection to a connected session" => live,
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var before = fixture.Capture(other);
        using var socket = fixture.CreateClient();

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(url, CancellationToken.None));

        Assert.Equal(expected, socket.HttpStatusCode);
        Assert.Equal(before, fixture.Capture(other));
        await fixture.AssertLiveSessionServedAsync();
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("DELETE")]
    public async Task MediaEndpoint_PlainHttpRequest_Gets400ProblemAndChangesNothing(string method)
    {
        using var client = fixture.Bot.CreateClient();
        var before = fixture.Capture();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), fixture.LiveSessionUrl.PathAndQuery));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("not a WebSocket request", JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        Assert.DoesNotContain(Token(fixture.LiveSessionUrl), body, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Capture());
        await fixture.AssertLiveSessionServedAsync();
    }

    public static TheoryData<string, bool, WebSocketCloseStatus> ClosedAfterUpgrade() => new()
    {
        { "text message over the audio limit", false, WebSocketCloseStatus.MessageTooBig },
        { "8 MB binary message, still arriving when the bot closes", true, WebSocketCloseStatus.MessageTooBig },
        { "binary message just over the video limit", true, WebSocketCloseStatus.MessageTooBig },
        { "text that is not JSON", false, WebSocketCloseStatus.InvalidPayloadData },
        { "JSON that is not an object", false, WebSocketCloseStatus.InvalidPayloadData },
        { "audio frame of the wrong size", false, WebSocketCloseStatus.InvalidPayloadData },
        { "audio data that is not base64", false, WebSocketCloseStatus.InvalidPayloadData },
        { "message without a kind", false, WebSocketCloseStatus.InvalidPayloadData },
        { "JSON nested too deep", false, WebSocketCloseStatus.InvalidPayloadData },
        { "binary garbage on a video session", true, WebSocketCloseStatus.InvalidPayloadData },
    };

    [Theory]
    [MemberData(nameof(ClosedAfterUpgrade))]
    public async Task MediaEndpoint_HostileMessage_ClosesOnlyItsOwnSocketWithItsStatus(string name, bool video, WebSocketCloseStatus expected)
    {
        var (session, url) = fixture.OpenSession(video);
        using var socket = fixture.CreateClient();
        await socket.ConnectAsync(url, CancellationToken.None);
        await Eventually.UntilAsync(() => session.IsConnected, "the bot attaches the test's socket to its session");
        var before = fixture.Capture(session);
        var (type, payload) = Message(name);

        try
        {
            await socket.SendAsync(payload, type, endOfMessage: true, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // The bot may close before the whole message is sent; its close frame is read below.
        }

        var close = await ReceiveCloseAsync(socket);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "ack", CancellationToken.None);

        Assert.Equal(expected, close);
        Assert.Equal(before, fixture.Capture(session));
        Assert.True(session.IsConnected);
        Assert.False(session.IsClosed);
        await fixture.AssertLiveSessionServedAsync();
    }

    [Fact]
    public async Task MediaEndpoint_InvalidUtf8Text_EndsOnlyItsOwnSocket()
    {
        // The runtime's WebSocket validates text itself: it sends 1007 and aborts the connection, so the peer may see
        // the close frame or a reset. Either way only this socket ends.
        var (session, url) = fixture.OpenSession(video: false);
        using var socket = fixture.CreateClient();
        await socket.ConnectAsync(url, CancellationToken.None);
        await Eventually.UntilAsync(() => session.IsConnected, "the bot attaches the test's socket to its session");
        var before = fixture.Capture(session);

        await socket.SendAsync((byte[])[.. Encoding.UTF8.GetBytes("""{"kind":"Audio"""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("""Data"}""")], WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        WebSocketCloseStatus? close = null;
        try
        {
            close = await ReceiveCloseAsync(socket);
        }
        catch (WebSocketException)
        {
            // The other outcome the runtime allows: the connection was reset before the close frame was read.
        }

        Assert.True(close is null or WebSocketCloseStatus.InvalidPayloadData, $"closed with {close}");
        Assert.NotEqual(WebSocketState.Open, socket.State);
        Assert.Equal(before, fixture.Capture(session));
        await fixture.AssertLiveSessionServedAsync();
    }

    [Fact]
    public async Task MediaEndpoint_BinaryMessageOnAnAudioSession_IsIgnoredAndTheSocketStaysOpen()
    {
        var (session, url) = fixture.OpenSession(video: false);
        using var socket = fixture.CreateClient();
        await socket.ConnectAsync(url, CancellationToken.None);

        await socket.SendAsync(new byte[1000], WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"kind":"StopAudio"}"""), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.True(session.IsConnected);
        await fixture.AssertLiveSessionServedAsync();
    }

    private static (WebSocketMessageType Type, byte[] Payload) Message(string name)
    {
        static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
        return name switch
        {
            "text message over the audio limit" => (WebSocketMessageType.Text, Utf8($$"""{"kind":"AudioData","padding":"{{new string('x', AudioStreamingDecoder.DefaultMaxMessageBytes)}}"}""")),
            "8 MB binary message, still arriving when the bot closes" => (WebSocketMessageType.Binary, new byte[MediaEndpointFixture.MaxVideoMessageBytes * 200]),
            "binary message just over the video limit" => (WebSocketMessageType.Binary, new byte[MediaEndpointFixture.MaxVideoMessageBytes + 1]),
            "text that is not JSON" => (WebSocketMessageType.Text, Utf8("kind=AudioData")),
            "JSON that is not an object" => (WebSocketMessageType.Text, Utf8("""["AudioData"]""")),
            "audio frame of the wrong size" => (WebSocketMessageType.Text, Utf8($$$"""{"kind":"AudioData","audioData":{"data":"{{{Convert.ToBase64String(new byte[641])}}}","timestamp":"2026-01-01T00:00:00Z"}}""")),
            "audio data that is not base64" => (WebSocketMessageType.Text, Utf8("""{"kind":"AudioData","audioData":{"data":"!!!not base64!!!"}}""")),
            "message without a kind" => (WebSocketMessageType.Text, Utf8("""{"audioData":null}""")),
            "JSON nested too deep" => (WebSocketMessageType.Text, Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 50)) + "1" + new string('}', 50))),
            "binary garbage on a video session" => (WebSocketMessageType.Binary, Enumerable.Range(0, 2000).Select(i => (byte)(i * 37)).ToArray()),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    private static async Task<WebSocketCloseStatus?> ReceiveCloseAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return result.CloseStatus;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("Phase 'the bot closes the hostile socket' did not complete within 10 s.");
        }
    }

    private static string Token(Uri url) => Uri.UnescapeDataString(url.Query["?token=".Length..]);

    private static Uri WithQuery(Uri url, string? query) => new UriBuilder(url) { Query = query ?? string.Empty }.Uri;

    private static string SwapCase(string text) =>
        string.Concat(text.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)));
}
