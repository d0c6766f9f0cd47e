using System.Net;
using System.Net.Http.Json;
using CallingBot.Core.Meetings;
using CallingBot.Emulator.Directory;
using CallingBot.AspNetCore.Api;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;

namespace CallingBot.Host.Tests.Api;

/// <summary>
/// Every bounded string and list of the /api/v1 request contracts: one over its limit is a 400 naming the field;
/// exactly at the limit passes validation (and, where the emulator can carry it out, the request succeeds).
/// </summary>
public sealed class ApiLimitsTests(ApiLimitsTests.Fixture fixture) : IClassFixture<ApiLimitsTests.Fixture>
{
    private const string BobId = "5f0c3a51-7d4e-4b8a-9c2d-1e2f3a4b5c6d";
    private const string ThreadId = "19:meeting_NjQ4ZDI3MDAtYTc2OC00@thread.v2";
    private const string OrganizerId = "1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b";
    private const string TenantId = "7a6c2f4e-1b3d-4e5f-8a9b-0c1d2e3f4a5b";

    private static readonly Dictionary<string, LimitCase> Cases = new LimitCase[]
    {
        new("create: targets", "targets", "/api/v1/calls", ApiLimits.MaxTargets, HttpStatusCode.Created, n => new { targets = Enumerable.Range(0, n).Select(i => User(Guid.NewGuid().ToString())).ToArray() }),
        new("create: targets[0].id", "targets[0].id", "/api/v1/calls", ApiLimits.MaxIdLength, HttpStatusCode.Created, n => new { targets = new[] { User(Text(n)) } }),
        new("create: targets[0].displayName", "targets[0].displayName", "/api/v1/calls", ApiLimits.MaxDisplayNameLength, HttpStatusCode.Created, n => new { targets = new[] { new { kind = "user", id = BobId, displayName = Text(n) } } }),
        new("create: targets[0].tenantId", "targets[0].tenantId", "/api/v1/calls", ApiLimits.MaxIdLength, HttpStatusCode.Created, n => new { targets = new[] { new { kind = "user", id = BobId, tenantId = Text(n) } } }),
        new("create: source.id", "source.id", "/api/v1/calls", ApiLimits.MaxIdLength, HttpStatusCode.Created, n => new { targets = new[] { new { kind = "phone", id = "+14255550123" } }, source = new { kind = "applicationInstance", id = Text(n) } }),
        new("create: subject", "subject", "/api/v1/calls", ApiLimits.MaxSubjectLength, HttpStatusCode.Created, n => new { targets = new[] { User(BobId) }, subject = Text(n) }),
        new("create: tenantId", "tenantId", "/api/v1/calls", ApiLimits.MaxIdLength, HttpStatusCode.BadGateway, n => new { targets = new[] { User(BobId) }, tenantId = Text(n) }),
        new("create: handler", "handler", "/api/v1/calls", ApiLimits.MaxHandlerNameLength, HttpStatusCode.BadRequest, n => new { targets = new[] { User(BobId) }, handler = Text(n) }),
        new("join: joinUrl", "joinUrl", "/api/v1/meetings/join", ApiLimits.MaxUriLength, HttpStatusCode.Created, n => new { joinUrl = PaddedJoinUrl(n) }),
        new("join: guestDisplayName", "guestDisplayName", "/api/v1/meetings/join", ApiLimits.MaxDisplayNameLength, HttpStatusCode.Created, n => new { joinMeetingId = "1234567890", passcode = "s3cret", guestDisplayName = Text(n) }),
        new("join: passcode", "passcode", "/api/v1/meetings/join", ApiLimits.MaxPasscodeLength, HttpStatusCode.BadGateway, n => new { joinMeetingId = "1234567890", passcode = Text(n) }),
        new("join: tenantId", "tenantId", "/api/v1/meetings/join", ApiLimits.MaxIdLength, HttpStatusCode.BadGateway, n => new { joinMeetingId = "1234567890", passcode = "s3cret", tenantId = Text(n) }),
        new("join: handler", "handler", "/api/v1/meetings/join", ApiLimits.MaxHandlerNameLength, HttpStatusCode.BadRequest, n => new { joinMeetingId = "1234567890", passcode = "s3cret", handler = Text(n) }),
        new("join: coordinates.threadId", "coordinates.threadId", "/api/v1/meetings/join", ApiLimits.MaxThreadIdLength, HttpStatusCode.Created, n => Coordinates(threadId: "19:" + Text(n - "19:@thread.v2".Length) + "@thread.v2")),
        new("join: coordinates.messageId", "coordinates.messageId", "/api/v1/meetings/join", ApiLimits.MaxIdLength, HttpStatusCode.Created, n => Coordinates(messageId: Text(n))),
        new("join: coordinates.replyChainMessageId", "coordinates.replyChainMessageId", "/api/v1/meetings/join", ApiLimits.MaxIdLength, HttpStatusCode.Created, n => Coordinates(replyChainMessageId: Text(n))),
        new("transfer: target.id", "target.id", "/api/v1/calls/{call}/transfer", ApiLimits.MaxIdLength, HttpStatusCode.BadRequest, n => new { target = User(Text(n)), consultationCallId = "no-such-call" }),
        new("transfer: consultationCallId", "consultationCallId", "/api/v1/calls/{call}/transfer", ApiLimits.MaxIdLength, HttpStatusCode.BadRequest, n => new { target = User(BobId), consultationCallId = Text(n) }),
        new("playPrompt: prompts", "prompts", "/api/v1/calls/{call}/playPrompt", ApiLimits.MaxPrompts, HttpStatusCode.OK, n => new { prompts = Enumerable.Range(0, n).Select(i => new { uri = $"https://media.example.com/{i}.wav" }).ToArray() }),
        new("playPrompt: prompts[0].uri", "prompts[0].uri", "/api/v1/calls/{call}/playPrompt", ApiLimits.MaxUriLength, HttpStatusCode.OK, n => new { prompts = new[] { new { uri = PaddedUri(n) } } }),
        new("sendDtmf: tones", "tones", "/api/v1/calls/{call}/sendDtmf", ApiLimits.MaxDtmfTones, HttpStatusCode.OK, n => new { tones = new string('1', n) }),
        new("invite: participant.id", "participant.id", "/api/v1/calls/{call}/participants/invite", ApiLimits.MaxIdLength, HttpStatusCode.OK, n => new { participant = User(Text(n)) }),
        new("invite: participant.displayName", "participant.displayName", "/api/v1/calls/{call}/participants/invite", ApiLimits.MaxDisplayNameLength, HttpStatusCode.OK, n => new { participant = new { kind = "user", id = Guid.NewGuid().ToString(), displayName = Text(n) } }),
    }.ToDictionary(c => c.Name);

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Request_OneOverTheLimit_Returns400NamingTheField(string name)
    {
        var limit = Cases[name];

        using var response = await fixture.Client.PostAsJsonAsync(fixture.Path(limit.Path), limit.Body(limit.Limit + 1));

        var errors = await response.ReadValidationErrorsAsync();
        var messages = Assert.Contains(limit.Field, errors);
        Assert.Contains(messages, m => m.Contains($"{limit.Limit}", StringComparison.Ordinal) && m.Contains($"'{limit.Field}'", StringComparison.Ordinal));
        Assert.Equal(1, fixture.Bot.Manager.ActiveCallCount); // only the fixture's own call
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Request_AtTheLimit_PassesValidation(string name)
    {
        var limit = Cases[name];

        using var response = await fixture.Client.PostAsJsonAsync(fixture.Path(limit.Path), limit.Body(limit.Limit));

        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var errors = await response.ReadValidationErrorsAsync();
            Assert.All(errors.SelectMany(e => e.Value), m => Assert.DoesNotContain($"at most {limit.Limit}", m, StringComparison.Ordinal));
        }

        Assert.Equal(limit.AtLimit, response.StatusCode);

        if (response.StatusCode == HttpStatusCode.Created)
        {
            await fixture.HangUpAsync((await response.ReadJsonAsync()).GetProperty("id").GetString()!);
        }
    }

    [Theory]
    [InlineData(ApiLimits.MaxIdLength + 1, HttpStatusCode.BadRequest)]
    [InlineData(ApiLimits.MaxIdLength, HttpStatusCode.NotFound)]
    public async Task GetCall_CallIdLength_OverTheLimit400AtTheLimit404(int length, HttpStatusCode expected)
    {
        using var response = await fixture.Client.GetAsync($"/api/v1/calls/{Text(length)}");

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Contains("callId", await response.ReadValidationErrorsAsync());
        }
    }

    [Theory]
    [InlineData("/api/v1/calls", "targets[0].displayName", "{\"targets\":[{\"kind\":\"user\",\"id\":\"" + BobId + "\",\"displayName\":\"Bob\\r\\n[05:00:00.000 ERR] x\"}]}")]
    [InlineData("/api/v1/calls", "targets[0].id", "{\"targets\":[{\"kind\":\"user\",\"id\":\"bob\\r\\nx\"}]}")]
    [InlineData("/api/v1/calls", "targets[0].id", "{\"targets\":[{\"kind\":\"user\",\"id\":\"a b\"}]}")]
    [InlineData("/api/v1/calls", "subject", "{\"targets\":[{\"kind\":\"user\",\"id\":\"" + BobId + "\"}],\"subject\":\"x\\u0085y\"}")]
    [InlineData("/api/v1/meetings/join", "guestDisplayName", "{\"joinMeetingId\":\"1234567890\",\"passcode\":\"s3cret\",\"guestDisplayName\":\"Note\\ntaker\"}")]
    [InlineData("/api/v1/meetings/join", "passcode", "{\"joinMeetingId\":\"1234567890\",\"passcode\":\"s3\\r\\ncret\"}")]
    [InlineData("/api/v1/calls/{call}/participants/invite", "participant.displayName", "{\"participant\":{\"kind\":\"user\",\"id\":\"" + BobId + "\",\"displayName\":\"x\\u2028y\"}}")]
    public async Task Request_ControlCharactersOrBadIdCharacters_Returns400NamingTheField(string path, string field, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await fixture.Client.PostAsync(fixture.Path(path), content);

        Assert.Contains(field, await response.ReadValidationErrorsAsync());
    }

    [Fact]
    public async Task OpenApiDocument_States_TheLimits()
    {
        using var response = await fixture.Client.GetAsync("/openapi/v1.json");
        var schemas = (await response.ReadJsonAsync()).GetProperty("components").GetProperty("schemas");

        Assert.Equal(ApiLimits.MaxIdLength, schemas.GetProperty("IdentityModel").GetProperty("properties").GetProperty("id").GetProperty("maxLength").GetInt32());
        Assert.Equal(ApiLimits.MaxDisplayNameLength, schemas.GetProperty("IdentityModel").GetProperty("properties").GetProperty("displayName").GetProperty("maxLength").GetInt32());
        Assert.Equal(ApiLimits.MaxTargets, schemas.GetProperty("CreateCallRequest").GetProperty("properties").GetProperty("targets").GetProperty("maxItems").GetInt32());
        Assert.Equal(ApiLimits.MaxPrompts, schemas.GetProperty("PlayPromptRequest").GetProperty("properties").GetProperty("prompts").GetProperty("maxItems").GetInt32());
        Assert.Equal(ApiLimits.MaxUriLength, schemas.GetProperty("JoinMeetingRequest").GetProperty("properties").GetProperty("joinUrl").GetProperty("maxLength").GetInt32());
        Assert.Equal(ApiLimits.MaxDtmfTones, schemas.GetProperty("SendDtmfRequest").GetProperty("properties").GetProperty("tones").GetProperty("maxLength").GetInt32());
    }

    private static string Text(int length) => new('a', length);

    private static object User(string id) => new { kind = "user", id };

    private static string PaddedJoinUrl(int length)
    {
        var url = TeamsJoinUrl.Format(new MeetingCoordinates(ThreadId, "0", OrganizerId, TenantId)) + "&pad=";
        return url + Text(length - url.Length);
    }

    private static string PaddedUri(int length)
    {
        const string Prefix = "https://media.example.com/";
        return Prefix + Text(length - Prefix.Length - ".wav".Length) + ".wav";
    }

    private static object Coordinates(string threadId = ThreadId, string messageId = "0", string? replyChainMessageId = null) =>
        new { coordinates = new { threadId, messageId, organizerId = OrganizerId, tenantId = TenantId, replyChainMessageId } };

    /// <param name="AtLimit">
    /// The answer at the limit: success where the emulator can carry the request out; otherwise what the request runs
    /// into after validation (an unknown handler or consultation call, a tenant the service cannot authenticate for).
    /// </param>
    public sealed record LimitCase(string Name, string Field, string Path, int Limit, HttpStatusCode AtLimit, Func<int, object> Body);

    /// <summary>One bot with a meeting in its emulator and one established call that the operation cases act on.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public BotHost Bot { get; private set; } = null!;

        public HttpClient Client { get; private set; } = null!;

        public string CallId { get; private set; } = null!;

        public string Path(string template) => template.Replace("{call}", CallId, StringComparison.Ordinal);

        public async Task HangUpAsync(string callId)
        {
            using var response = await Client.DeleteAsync($"/api/v1/calls/{callId}");
            await Eventually.UntilAsync(() => Bot.Manager.GetCall(callId) is null, "call placed at the limit hung up");
        }

        public async Task InitializeAsync()
        {
            Bot = await ApiTestHost.StartAsync();
            Client = Bot.CreateApiClient();
            Bot.Emulator.Control.AddMeeting(new EmulatedMeeting
            {
                ThreadId = ThreadId,
                OrganizerId = OrganizerId,
                OrganizerDisplayName = "Olivia",
                TenantId = TenantId,
                JoinMeetingId = "1234567890",
                Passcode = "s3cret",
            });
            using var response = await Client.PostAsJsonAsync("/api/v1/calls", new { targets = new[] { User(BobId) } });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            CallId = (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
            await Bot.Emulator.Control.WaitForCallStateAsync(CallId, "established");
            await Eventually.UntilAsync(() => Bot.Manager.GetCall(CallId)?.State == Core.Calls.CallState.Established, "fixture call established");
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await Bot.DisposeAsync();
        }
    }
}
