using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CallingBot.Core.Manager;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.AspNetCore.ApiAccess;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.Api;

/// <summary>
/// <c>GET /api/v1/history</c> on the real host: calls rung through the emulator and rejected end at once and are
/// listed from the history store (a SQLite file), filtered, paged, exported as CSV, validated at the edge.
/// </summary>
public sealed class HistoryApiTests
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private const string BobId = "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70";

    [Fact]
    public async Task ListHistory_AfterCallsEnded_ListsThemNewestFirstWithMaskedParties()
    {
        await using var bot = await ApiTestHost.StartAsync(new DelegateRouter(_ => CallDecision.Reject()));
        using var client = bot.CreateApiClient();
        var alice = await RingAsync(bot, AliceId);
        var phone = await RingAsync(bot, fromPhone: "+14255550123");

        var calls = await WaitForCallsAsync(client, "/api/v1/history", 2);

        Assert.Equal([phone, alice], calls.Select(c => c.GetProperty("callId").GetString()));
        var first = calls[1];
        Assert.Equal("incoming", first.GetProperty("direction").GetString());
        Assert.Equal("rejected", first.GetProperty("outcome").GetString());
        Assert.Equal("serviceHosted", first.GetProperty("media").GetString());
        Assert.Equal("user", first.GetProperty("caller").GetProperty("kind").GetString());
        Assert.Matches("^h:[0-9a-f]{32}$", first.GetProperty("caller").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("caller").GetProperty("displayName").ValueKind);
        Assert.True(first.GetProperty("endedAt").GetDateTimeOffset() >= first.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("answeredAt").ValueKind);
        Assert.Equal("+*******0123", calls[0].GetProperty("caller").GetProperty("id").GetString());
        Assert.DoesNotContain(AliceId, calls.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ListHistory_Filters_ReturnOnlyMatchingCalls()
    {
        await using var bot = await ApiTestHost.StartAsync(new DelegateRouter(info => info.Caller.Id.Equals(BobId, StringComparison.OrdinalIgnoreCase) ? CallDecision.Reject(Core.Calls.RejectReason.Busy) : CallDecision.Reject()));
        using var client = bot.CreateApiClient();
        var alice = await RingAsync(bot, AliceId);
        var bob = await RingAsync(bot, BobId);
        var phone = await RingAsync(bot, fromPhone: "+14255550123");
        var all = await WaitForCallsAsync(client, "/api/v1/history", 3);

        Assert.Equal([alice], await IdsAsync(client, $"/api/v1/history?caller={AliceId.ToUpperInvariant()}"));
        Assert.Equal([phone], await IdsAsync(client, "/api/v1/history?caller=%2B14255550123"));
        Assert.Equal([phone], await IdsAsync(client, "/api/v1/history?caller=%2B*******0123"));
        Assert.Equal([phone, bob, alice], await IdsAsync(client, "/api/v1/history?direction=incoming&outcome=rejected"));
        Assert.Empty(await IdsAsync(client, "/api/v1/history?direction=outgoing"));
        var bobStarted = all.Single(c => c.GetProperty("callId").GetString() == bob).GetProperty("startedAt").GetDateTimeOffset();
        Assert.Equal([bob], await IdsAsync(client, $"/api/v1/history?from={Uri.EscapeDataString(bobStarted.ToString("O"))}&to={Uri.EscapeDataString(bobStarted.AddTicks(10).ToString("O"))}"));
    }

    [Fact]
    public async Task ListHistory_PageSizeAndToken_WalkEveryCallOnce()
    {
        await using var bot = await ApiTestHost.StartAsync(new DelegateRouter(_ => CallDecision.Reject()));
        using var client = bot.CreateApiClient();
        var rung = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            rung.Add(await RingAsync(bot, AliceId));
        }

        await WaitForCallsAsync(client, "/api/v1/history", 5);

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await GetJsonAsync(client, "/api/v1/history?pageSize=2" + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token)));
            pages++;
            seen.AddRange(page.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("callId").GetString()!));
            Assert.Equal(page.GetProperty("calls").GetArrayLength(), page.GetProperty("count").GetInt32());
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(rung.AsEnumerable().Reverse(), seen);
    }

    [Theory]
    [InlineData("format=csv", null)]
    [InlineData(null, "text/csv")]
    [InlineData(null, "application/json;q=0.5, text/csv")]
    public async Task ListHistory_CsvAskedFor_ReturnsCsvWithAHeaderRow(string? query, string? accept)
    {
        await using var bot = await ApiTestHost.StartAsync(new DelegateRouter(_ => CallDecision.Reject()));
        using var client = bot.CreateApiClient();
        var phone = await RingAsync(bot, fromPhone: "+14255550123");
        await WaitForCallsAsync(client, "/api/v1/history", 1);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/history" + (query is null ? string.Empty : "?" + query));
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n");
        Assert.StartsWith("callId,correlationId,tenantId,direction,outcome,callerKind,callerId,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{phone},", lines[1], StringComparison.Ordinal);
        Assert.Contains(",incoming,rejected,phone,'+*******0123,", lines[1], StringComparison.Ordinal);
        Assert.Equal(string.Empty, lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task ListHistory_JsonPreferredOverCsv_ReturnsJson()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/history");
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/csv;q=0.9");

        using var response = await client.SendAsync(request);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await response.ReadJsonAsync()).GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-45T00:00:00Z", "to")]
    [InlineData("from=2026-03-02T10:00:00Z&to=2026-03-02T09:00:00Z", "to")]
    [InlineData("direction=sideways", "direction")]
    [InlineData("outcome=won", "outcome")]
    [InlineData("caller=%3Cscript%3E", "caller")]
    [InlineData("callee=a%20b", "callee")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=1001", "pageSize")]
    [InlineData("pageSize=ten", "pageSize")]
    [InlineData("continuationToken=forged", "continuationToken")]
    [InlineData("format=xml", "format")]
    public async Task ListHistory_BadParameter_Returns400NamingIt(string query, string parameter)
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();

        using var response = await client.GetAsync("/api/v1/history?" + query);

        var errors = await response.ReadValidationErrorsAsync();
        Assert.Equal([parameter], errors.Keys);
        Assert.Contains($"'{parameter}'", Assert.Single(errors[parameter]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistoryRoutes_WithoutTheApiKey_Return401()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateClient();
        client.DefaultRequestHeaders.Add(ApiAuthorization.ApiKeyHeader, "wrong-key");

        using var list = await client.GetAsync("/api/v1/history?format=csv");
        using var one = await client.GetAsync("/api/v1/history/some-call");

        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, one.StatusCode);
    }

    [Fact]
    public async Task GetHistoryEntry_EndedCall_ReturnsItAndUnknownIdIs404()
    {
        await using var bot = await ApiTestHost.StartAsync(new DelegateRouter(_ => CallDecision.Reject()));
        using var client = bot.CreateApiClient();
        var callId = await RingAsync(bot, AliceId);
        await WaitForCallsAsync(client, "/api/v1/history", 1);

        var entry = await GetJsonAsync(client, $"/api/v1/history/{callId}");
        using var unknown = await client.GetAsync("/api/v1/history/no-such-call");

        Assert.Equal(callId, entry.GetProperty("callId").GetString());
        Assert.Contains(entry.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "decision");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheHistoryRouteItsParametersAndBothFormats()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();

        var list = (await GetJsonAsync(client, "/openapi/v1.json")).GetProperty("paths").GetProperty("/api/v1/history").GetProperty("get");

        Assert.Equal("ListHistory", list.GetProperty("operationId").GetString());
        Assert.Equal(
            ["callee", "caller", "continuationToken", "direction", "format", "from", "outcome", "pageSize", "to"],
            list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        var formats = list.GetProperty("responses").GetProperty("200").GetProperty("content").EnumerateObject().Select(c => c.Name).ToArray();
        Assert.Contains("application/json", formats);
        Assert.Contains("text/csv", formats);
        Assert.True(list.GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(list.GetProperty("responses").TryGetProperty("503", out _));
    }

    [Fact]
    public async Task GetHistoryEntry_AppHostedCallAnsweredThenHungUp_CarriesItsTimesHandlerAndMediaQuality()
    {
        var handler = new Media.EchoMediaHandler();
        await using var bot = await ApiTestHost.StartAsync(new DelegateRouter(_ => CallDecision.Answer(handler, Core.Calls.MediaHosting.AppHosted)));
        using var client = bot.CreateApiClient();
        var control = bot.Emulator.Control;
        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId });
        control.Media.SetSource(callId, null, Emulator.Media.MediaSourceSpec.Tone(1000, -20));
        await Eventually.WithinAsync(handler.Connected.Task, "the handler gets the call's media");
        await control.Media.WaitForMediaAsync(callId, s => s.FramesReceived >= 50, "50 echoed frames");

        await control.HangUpAsync(callId);
        var history = bot.Services.GetRequiredService<ICallHistory>();
        await Eventually.UntilAsync(() => history.Recent(10).Any(r => r.CallId == callId), "the call ends and is recorded");
        await WaitForCallsAsync(client, "/api/v1/history", 1);

        var entry = await GetJsonAsync(client, $"/api/v1/history/{callId}");
        Assert.Equal("answered", entry.GetProperty("outcome").GetString());
        Assert.Equal("appHosted", entry.GetProperty("media").GetString());
        var created = control.GetTimeline(callId).First(e => e.Kind == Emulator.Timeline.TimelineEntryKind.Notification && e.Body!.Contains("\"created\"", StringComparison.Ordinal));
        var chainId = System.Text.RegularExpressions.Regex.Match(created.Body!, "\"callChainId\"\\s*:\\s*\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(chainId);
        Assert.Equal(chainId, entry.GetProperty("correlationId").GetString());
        Assert.Equal(nameof(Media.EchoMediaHandler), entry.GetProperty("handler").GetString());
        var answered = entry.GetProperty("answeredAt").GetDateTimeOffset();
        Assert.InRange(answered, entry.GetProperty("startedAt").GetDateTimeOffset(), entry.GetProperty("endedAt").GetDateTimeOffset());
        var quality = entry.GetProperty("mediaQuality");
        Assert.True(quality.GetProperty("framesReceived").GetInt64() >= 50, "the inbound frames are counted");
        Assert.True(quality.GetProperty("framesSent").GetInt64() >= 40, "the echoed frames are counted");
        Assert.Equal(0, quality.GetProperty("framesDropped").GetInt64());
    }

    /// <summary>Rings the bot from a user or a phone number; returns the call's id once the bot let go of it.</summary>
    internal static async Task<string> RingAsync(BotHost bot, string? fromUser = null, string? fromPhone = null)
    {
        var control = bot.Emulator.Control;
        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = fromUser, FromPhoneNumber = fromPhone });
        var history = bot.Services.GetRequiredService<ICallHistory>();
        await Eventually.UntilAsync(() => history.Recent(100).Any(r => r.CallId == callId), $"call {callId} ends and is recorded");
        return callId;
    }

    internal static async Task<JsonElement[]> WaitForCallsAsync(HttpClient client, string path, int count)
    {
        JsonElement[] calls = [];
        await Eventually.UntilAsync(
            async () =>
            {
                calls = [.. (await GetJsonAsync(client, path)).GetProperty("calls").EnumerateArray()];
                return calls.Length >= count;
            },
            $"{count} call(s) in {path}");
        return calls;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static async Task<string[]> IdsAsync(HttpClient client, string path) =>
        [.. (await GetJsonAsync(client, path)).GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("callId").GetString()!)];
}
