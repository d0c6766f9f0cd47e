using System.Net.WebSockets;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Softphone;
using CallingBot.Emulator.Tests.Calls;
using CallingBot.Emulator.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Emulator.Tests.Softphone;

/// <summary>
/// The softphone page and its audio socket over loopback: assets under a strict policy, protection like the control API,
/// and bad input refused with a reason. Frame invariant: 16 kHz mono 16-bit, 20 ms = 640 bytes.
/// </summary>
public sealed class SoftphoneEndpointTests
{
    private static readonly string[] Assets = ["", "softphone.js", "audio-worklet.js", "softphone.css", "icon.svg"];

    [Fact]
    public async Task Page_EveryAsset_ServedWithAStrictPolicyAndNothingFromElsewhere()
    {
        await using var environment = await TestEnvironment.StartAsync();

        foreach (var asset in Assets)
        {
            using var response = await environment.Http.GetAsync("emulator/softphone/" + asset);
            var text = await response.Content.ReadAsStringAsync();

            Assert.Equal(200, (int)response.StatusCode);
            var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
            Assert.DoesNotMatch(@"https?://(?!www\.w3\.org/2000/svg)", text);
        }

        var page = await environment.Http.GetStringAsync("emulator/softphone/");
        Assert.DoesNotMatch("<script(?![^>]*src=)", page);
        Assert.DoesNotContain(" style=", page, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"<[^>]+\son[a-z]+=", page);
    }

    [Fact]
    public async Task Page_WithoutTrailingSlash_RedirectsAndUnknownAssetIs404()
    {
        await using var environment = await TestEnvironment.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = environment.Emulator.HttpBaseAddress };

        using var redirect = await http.GetAsync("emulator/softphone");
        using var unknown = await http.GetAsync("emulator/softphone/secrets.json");

        Assert.Equal(302, (int)redirect.StatusCode);
        Assert.Equal("/emulator/softphone/", redirect.Headers.Location!.OriginalString);
        Assert.Equal(404, (int)unknown.StatusCode);
    }

    [Fact]
    public async Task Page_Disabled_IsNotServed()
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.Softphone.Enabled = false);

        using var response = await environment.Http.GetAsync("emulator/softphone/");

        Assert.NotEqual(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Page_ForeignHostHeader_Refused()
    {
        await using var environment = await TestEnvironment.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "emulator/softphone/");
        request.Headers.Host = "evil.example";

        using var response = await environment.Http.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
    }

    [Fact]
    public async Task AudioSocket_FromAPageOfAnotherOrigin_Refused403()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", "https://evil.example");
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(AudioUri(environment, callId), CancellationToken.None));

        Assert.Equal(403, (int)socket.HttpStatusCode);
    }

    [Fact]
    public async Task AudioSocket_NotAWebSocketRequest_Returns400NamingWhatItTakes()
    {
        await using var environment = await TestEnvironment.StartAsync();

        using var response = await environment.Http.GetAsync("emulator/softphone/calls/x/audio");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("640 bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown-call", null, "was not found")]
    [InlineData(null, "not-a-participant", "is not a participant")]
    public async Task AudioSocket_UnknownCallOrParticipant_ClosedWithTheReason(string? callId, string? participantId, string reason)
    {
        await using var environment = await TestEnvironment.StartAsync();
        callId ??= await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        using var socket = await ConnectAsync(environment, callId, participantId);

        var (status, description) = await ClosedAsync(socket);

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Contains(reason, description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, WebSocketMessageType.Binary, WebSocketCloseStatus.InvalidPayloadData)]
    [InlineData(641, WebSocketMessageType.Binary, WebSocketCloseStatus.MessageTooBig)]
    [InlineData(64 * 1024, WebSocketMessageType.Binary, WebSocketCloseStatus.MessageTooBig)]
    [InlineData(640, WebSocketMessageType.Text, WebSocketCloseStatus.InvalidMessageType)]
    public async Task AudioSocket_BadFrame_ClosedWithTheReasonAndNothingQueued(int length, WebSocketMessageType type, WebSocketCloseStatus expected)
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        using var socket = await ConnectAsync(environment, callId);

        await socket.SendAsync(new byte[length], type, endOfMessage: true, CancellationToken.None);
        var (status, description) = await ClosedAsync(socket);

        Assert.Equal(expected, status);
        Assert.Contains("640", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AudioSocket_FasterThanRealTime_ClosedAfterTheBurst()
    {
        var time = new FakeTimeProvider(TestTime.Start);
        await using var environment = await TestEnvironment.StartAsync(time: time);
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        using var socket = await ConnectAsync(environment, callId);

        var sent = 0;
        try
        {
            for (; sent < 200; sent++)
            {
                await socket.SendAsync(SoftphoneRelayUnitTests.Frame(1), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
        }

        var (status, description) = await ClosedAsync(socket);

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Contains("faster than real time", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AudioSocket_PastMaxConnectionsOrASecondPageForTheSameParticipant_ClosedWithTheReason()
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.Softphone.MaxAudioConnections = 1);
        var control = environment.Emulator.Control;
        var first = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        var second = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        using var open = await ConnectAsync(environment, first);
        await Eventually.UntilAsync(() => OpenConnections(environment) == 1, "the first socket is open");

        using var refused = await ConnectAsync(environment, second);
        var (status, description) = await ClosedAsync(refused);

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Contains("Emulator:Softphone:MaxAudioConnections", description, StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Open, open.State);
    }

    [Fact]
    public async Task AudioSocket_SecondPageForTheSameParticipant_ClosedWithTheReason()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        using var open = await ConnectAsync(environment, callId);
        await Eventually.UntilAsync(() => OpenConnections(environment) == 1, "the first socket is open");

        using var second = await ConnectAsync(environment, callId);
        var (status, description) = await ClosedAsync(second);

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Contains("Another page already speaks", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AudioSocket_CallEnds_ClosedNormallyAndTheSlotFreed()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        using var socket = await ConnectAsync(environment, callId);
        await Eventually.UntilAsync(() => OpenConnections(environment) == 1, "the socket is open");

        await environment.Emulator.Control.HangUpAsync(callId);
        var (status, description) = await ClosedAsync(socket);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        Assert.Equal("The call ended.", description);
        await Eventually.UntilAsync(() => OpenConnections(environment) == 0, "the slot is freed");
    }

    [Fact]
    public async Task Prompt_UnderAPromptDirectory_PlayableAsA16kHzWav_OthersDescribedWithTheReason()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("softphone-prompts-").FullName;
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(directory, "menu.wav"), SoftphoneRelayUnitTests.Wav(new short[8_000], 8_000, 1));
            await using var environment = await TestEnvironment.StartAsync(o => o.Softphone.PromptDirectories.Add(new PromptDirectory { UriPrefix = "https://media.contoso.example/ivr/", Directory = directory }));
            var callId = await RoutingApiTests.AnswerAsync(environment);
            var body = new JsonObject
            {
                ["clientContext"] = "c1",
                ["prompts"] = new JsonArray(Prompt("https://media.contoso.example/ivr/menu.wav"), Prompt("https://cdn.contoso.example/other.wav")),
            };
            var (status, _) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/playPrompt", body);
            var entry = environment.Emulator.Control.GetTimeline(callId).Single(e => e.Path?.EndsWith("/playPrompt", StringComparison.Ordinal) == true);
            var root = $"emulator/softphone/calls/{callId}/prompts/{entry.Sequence}";

            var playable = JsonNode.Parse(await environment.Http.GetStringAsync($"{root}/0"))!;
            var wav = await environment.Http.GetByteArrayAsync($"{root}/0/audio");
            var other = JsonNode.Parse(await environment.Http.GetStringAsync($"{root}/1"))!;
            using var otherAudio = await environment.Http.GetAsync($"{root}/1/audio");
            using var beyond = await environment.Http.GetAsync($"{root}/2");
            using var notAPrompt = await environment.Http.GetAsync($"emulator/softphone/calls/{callId}/prompts/1/0");

            Assert.Equal(200, status);
            Assert.True(playable["playable"]!.GetValue<bool>());
            var (samples, rate, channels) = PromptAudio.ReadPcm16(wav);
            Assert.Equal((16_000, 1, 16_000), (rate, channels, samples.Length));
            Assert.False(other["playable"]!.GetValue<bool>());
            Assert.Contains("PromptDirectories", other["reason"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(404, (int)otherAudio.StatusCode);
            Assert.Equal(404, (int)beyond.StatusCode);
            Assert.Equal(404, (int)notAPrompt.StatusCode);
        }
        finally
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task PromptDirectories_ReplacedAtRunTime_TakeEffectAndBadEntriesChangeNothing()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("softphone-prompts-").FullName;
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(directory, "hello.wav"), SoftphoneRelayUnitTests.Wav(new short[1600], 16_000, 1));
            await using var environment = await TestEnvironment.StartAsync();
            var callId = await RoutingApiTests.AnswerAsync(environment);
            await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/playPrompt", new JsonObject { ["prompts"] = new JsonArray(Prompt("https://bot.contoso.example/p/hello.wav")) });
            var entry = environment.Emulator.Control.GetTimeline(callId).Single(e => e.Path?.EndsWith("/playPrompt", StringComparison.Ordinal) == true);
            var prompt = $"emulator/softphone/calls/{callId}/prompts/{entry.Sequence}/0";

            var before = JsonNode.Parse(await environment.Http.GetStringAsync(prompt))!["playable"]!.GetValue<bool>();
            using var bad = await environment.Http.PutAsync("emulator/softphone/promptDirectories", Json($$"""[{"uriPrefix":"https://bot.contoso.example/p/","directory":"{{directory}}"},{"uriPrefix":"ftp://x/","directory":"relative"}]"""));
            var afterBad = JsonNode.Parse(await environment.Http.GetStringAsync("emulator/softphone/promptDirectories"))!.AsArray();
            using var good = await environment.Http.PutAsync("emulator/softphone/promptDirectories", Json($$"""[{"uriPrefix":"https://bot.contoso.example/p/","directory":"{{directory}}"}]"""));
            var after = JsonNode.Parse(await environment.Http.GetStringAsync(prompt))!["playable"]!.GetValue<bool>();
            using var text = await environment.Http.PutAsync("emulator/softphone/promptDirectories", new StringContent("[]"));

            Assert.False(before);
            Assert.Equal(400, (int)bad.StatusCode);
            Assert.Contains("promptDirectories:1:UriPrefix", JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Empty(afterBad);
            Assert.Equal(200, (int)good.StatusCode);
            Assert.True(after);
            Assert.Equal(415, (int)text.StatusCode);
            Assert.Equal(directory, Assert.Single(environment.Emulator.Control.PromptDirectories).Directory);
            Assert.Throws<ArgumentException>(() => environment.Emulator.Control.PromptDirectories = [new PromptDirectory { UriPrefix = "https://x/", Directory = "relative" }]);
            Assert.Single(environment.Emulator.Control.PromptDirectories);
        }
        finally
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Timeline_After_ReturnsOnlyNewerEntriesAndRefusesNonsense()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await RoutingApiTests.AnswerAsync(environment);
        var all = environment.Emulator.Control.GetTimeline(callId);

        var newer = JsonNode.Parse(await environment.Http.GetStringAsync($"emulator/calls/{callId}/timeline?after={all[1].Sequence}"))!.AsArray();
        using var bad = await environment.Http.GetAsync($"emulator/calls/{callId}/timeline?after=-1");

        Assert.Equal(all.Skip(2).Select(e => e.Sequence), newer.Select(e => e!["sequence"]!.GetValue<long>()).Take(all.Count - 2));
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Contains("after", JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    private static JsonObject Prompt(string uri) => new()
    {
        ["@odata.type"] = "#microsoft.graph.mediaPrompt",
        ["mediaInfo"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.mediaInfo", ["uri"] = uri },
    };

    private static int OpenConnections(TestEnvironment environment) => environment.Emulator.SoftphoneRelay!.OpenConnections;

    private static Uri AudioUri(TestEnvironment environment, string callId, string? participantId = null) =>
        new($"ws://{environment.Emulator.HttpBaseAddress!.Authority}/emulator/softphone/calls/{callId}/audio" + (participantId is null ? "" : "?participantId=" + participantId));

    private static async Task<ClientWebSocket> ConnectAsync(TestEnvironment environment, string callId, string? participantId = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", environment.Emulator.HttpBaseAddress!.GetLeftPart(UriPartial.Authority));
        await socket.ConnectAsync(AudioUri(environment, callId, participantId), CancellationToken.None);
        return socket;
    }

    /// <summary>Reads until the emulator closes the socket; returns its close status and reason.</summary>
    private static async Task<(WebSocketCloseStatus? Status, string? Reason)> ClosedAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return (socket.CloseStatus, socket.CloseStatusDescription);
                }
            }
        }
        catch (OperationCanceledException exception)
        {
            throw new TimeoutException("The emulator did not close the audio socket within 15 s.", exception);
        }
        catch (WebSocketException)
        {
            return (socket.CloseStatus, socket.CloseStatusDescription);
        }
    }
}
