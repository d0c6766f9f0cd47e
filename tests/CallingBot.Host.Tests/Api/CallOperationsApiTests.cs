using System.Net;
using System.Net.Http.Json;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Timeline;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;

namespace CallingBot.Host.Tests.Api;

/// <summary>Listing, inspecting and operating on calls through the API, checked on the emulator's side of the wire.</summary>
public sealed class CallOperationsApiTests
{
    private const string BobId = "5f0c3a51-7d4e-4b8a-9c2d-1e2f3a4b5c6d";
    private const string DaveId = "3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a98";

    [Fact]
    public async Task ListCalls_WithAnIncomingAndAnOutgoingCall_ReturnsBothOldestFirst()
    {
        var router = new DelegateRouter(_ => CallDecision.Answer(new RecordingHandler()));
        await using var bot = await ApiTestHost.StartAsync(router);
        using var client = bot.CreateApiClient();
        var incomingId = await bot.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = DaveId });
        await bot.Emulator.Control.WaitForCallStateAsync(incomingId, "established");
        var outgoingId = await PlaceEstablishedCallAsync(bot, client);

        using var response = await client.GetAsync("/api/v1/calls");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await response.ReadJsonAsync();
        Assert.Equal(2, list.GetProperty("count").GetInt32());
        var calls = list.GetProperty("calls").EnumerateArray().ToArray();
        Assert.Equal([incomingId, outgoingId], calls.Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(["incoming", "outgoing"], calls.Select(c => c.GetProperty("direction").GetString()));
        Assert.Equal(["established", "established"], calls.Select(c => c.GetProperty("state").GetString()));
        Assert.Equal(["RecordingHandler", "DefaultCallHandler"], calls.Select(c => c.GetProperty("handler").GetString()));
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("DELETE", "")]
    [InlineData("POST", "/transfer")]
    [InlineData("POST", "/playPrompt")]
    [InlineData("POST", "/sendDtmf")]
    [InlineData("POST", "/participants/invite")]
    public async Task Operation_OnUnknownCall_Returns404ProblemNamingTheCall(string method, string suffix)
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/v1/calls/no-such-call{suffix}");
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new
            {
                target = new { kind = "user", id = BobId },
                participant = new { kind = "user", id = BobId },
                prompts = new[] { new { uri = "https://example.com/a.wav" } },
                tones = "1",
            });
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal("Call not found", problem.GetProperty("title").GetString());
        Assert.Equal("This bot holds no call with id 'no-such-call'.", problem.GetProperty("detail").GetString());
        Assert.Equal("no-such-call", problem.GetProperty("callId").GetString());
    }

    [Fact]
    public async Task HangUp_EstablishedCall_Returns202AndTheCallLeaves()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();
        var callId = await PlaceEstablishedCallAsync(bot, client);

        using var response = await client.DeleteAsync($"/api/v1/calls/{callId}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var operation = await response.ReadJsonAsync();
        Assert.Equal("hangUp", operation.GetProperty("operation").GetString());
        Assert.Equal("accepted", operation.GetProperty("status").GetString());
        await bot.Emulator.Control.WaitForCallStateAsync(callId, "terminated");
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "bot drops the call");
        using var get = await client.GetAsync($"/api/v1/calls/{callId}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task PlayPrompt_OnEstablishedCall_Returns200AfterTheServicePlayedBothPrompts()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();
        var callId = await PlaceEstablishedCallAsync(bot, client);

        using var response = await client.PostAsJsonAsync($"/api/v1/calls/{callId}/playPrompt", new { prompts = new[] { new { uri = "https://media.example.com/hello.wav" }, new { uri = "https://media.example.com/menu.wav" } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("completed", (await response.ReadJsonAsync()).GetProperty("status").GetString());
        var play = Assert.Single(bot.Emulator.Control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/playPrompt", StringComparison.Ordinal));
        Assert.Contains("https://media.example.com/hello.wav", play.Body!, StringComparison.Ordinal);
        Assert.Contains("https://media.example.com/menu.wav", play.Body!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlayPrompt_WithBadUri_Returns400NamingThePrompt()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();
        var callId = await PlaceEstablishedCallAsync(bot, client);

        using var response = await client.PostAsJsonAsync($"/api/v1/calls/{callId}/playPrompt", new { prompts = new[] { new { uri = "https://media.example.com/ok.wav" }, new { uri = "ftp://media/x.wav" } } });

        Assert.Equal(["'prompts[1].uri' must be an absolute http(s) URL of a WAV file."], (await response.ReadValidationErrorsAsync())["prompts[1].uri"]);
        Assert.DoesNotContain(bot.Emulator.Control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/playPrompt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendDtmf_OnEstablishedCall_SendsTheTonesInOrder()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();
        var callId = await PlaceEstablishedCallAsync(bot, client);

        using var response = await client.PostAsJsonAsync($"/api/v1/calls/{callId}/sendDtmf", new { tones = "12#" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var send = Assert.Single(bot.Emulator.Control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/sendDtmfTones", StringComparison.Ordinal));
        var tones = System.Text.Json.JsonDocument.Parse(send.Body!).RootElement.GetProperty("tones").EnumerateArray().Select(t => t.GetString()!.ToLowerInvariant());
        Assert.Equal(["tone1", "tone2", "pound"], tones);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12X")]
    public async Task SendDtmf_WithInvalidTones_Returns400NamingTones(string tones)
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();
        var callId = await PlaceEstablishedCallAsync(bot, client);

        using var response = await client.PostAsJsonAsync($"/api/v1/calls/{callId}/sendDtmf", new { tones });

        Assert.Equal(["'tones' must be 1 to 64 DTMF keys (0123456789*#ABCD)."], (await response.ReadValidationErrorsAsync())["tones"]);
    }

    [Fact]
    public async Task Invite_User_Returns200AndTheUserJoinsTheCall()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();
        var callId = await PlaceEstablishedCallAsync(bot, client);

        using var response = await client.PostAsJsonAsync($"/api/v1/calls/{callId}/participants/invite", new { participant = new { kind = "user", id = DaveId, displayName = "Dave" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("invite", (await response.ReadJsonAsync()).GetProperty("operation").GetString());
        await bot.Emulator.Control.WaitForCallAsync(callId, c => c.Participants.Any(p => string.Equals(p.IdentityId, DaveId, StringComparison.OrdinalIgnoreCase)), "Dave in the call");
        await Eventually.UntilAsync(() => bot.Manager.GetCall(callId)!.Participants.Any(p => string.Equals(p.Identity.Id, DaveId, StringComparison.OrdinalIgnoreCase)), "bot sees Dave");
    }

    [Fact]
    public async Task Invite_WithoutParticipant_Returns400NamingParticipant()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();
        var callId = await PlaceEstablishedCallAsync(bot, client);

        using var response = await client.PostAsJsonAsync($"/api/v1/calls/{callId}/participants/invite", new { });

        Assert.Equal(["'participant' is required."], (await response.ReadValidationErrorsAsync())["participant"]);
    }

    [Fact]
    public async Task Transfer_Blind_Returns202AndTheBotLeavesOnceTheTargetAnswers()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();
        var callId = await PlaceEstablishedCallAsync(bot, client);

        using var response = await client.PostAsJsonAsync($"/api/v1/calls/{callId}/transfer", new { target = new { kind = "user", id = DaveId } });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var ended = await bot.Emulator.Control.WaitForCallStateAsync(callId, "terminated");
        Assert.Contains(bot.Emulator.Control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/transfer", StringComparison.Ordinal) && e.Body!.Contains(DaveId, StringComparison.OrdinalIgnoreCase));
        Assert.NotNull(ended.ResultCode);
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "bot drops the transferred call");
    }

    [Fact]
    public async Task Transfer_WithUnknownConsultationCall_Returns400NamingIt()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();
        var callId = await PlaceEstablishedCallAsync(bot, client);

        using var response = await client.PostAsJsonAsync($"/api/v1/calls/{callId}/transfer", new { target = new { kind = "user", id = DaveId }, consultationCallId = "other" });

        Assert.Equal(["'consultationCallId': this bot holds no call with id 'other'."], (await response.ReadValidationErrorsAsync())["consultationCallId"]);
    }

    [Fact]
    public async Task Transfer_WithoutTargetKind_Returns400NamingTargetKind()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();
        var callId = await PlaceEstablishedCallAsync(bot, client);

        using var response = await client.PostAsJsonAsync($"/api/v1/calls/{callId}/transfer", new { target = new { id = DaveId } });

        Assert.Equal(["'target.kind' must be one of: user, phone, application, applicationInstance, guest."], (await response.ReadValidationErrorsAsync())["target.kind"]);
    }

    private static async Task<string> PlaceEstablishedCallAsync(BotHost bot, HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/calls", new { targets = new[] { new { kind = "user", id = BobId } } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var callId = (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
        await bot.Emulator.Control.WaitForCallStateAsync(callId, "established");
        await Eventually.UntilAsync(() => bot.Manager.GetCall(callId)?.State == Core.Calls.CallState.Established, "bot sees the call established");
        return callId;
    }
}
