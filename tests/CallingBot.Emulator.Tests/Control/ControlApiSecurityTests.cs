using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Tests.Calls;
using CallingBot.Emulator.Tests.Infrastructure;

namespace CallingBot.Emulator.Tests.Control;

/// <summary>The control API has no authentication: only local tools may drive it, never a web page the developer opens.</summary>
public sealed class ControlApiSecurityTests
{
    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:47080")]
    [InlineData("localhost.evil.example")]
    [InlineData("127.0.0.1.nip.io")]
    [InlineData("10.1.2.3")]
    public async Task AnyRoute_HostHeaderNotALoopbackName_Returns400AndDoesNothing(string host)
    {
        await using var environment = await TestEnvironment.StartAsync();
        using var http = PlainClient(environment);

        using var place = Json(HttpMethod.Post, "emulator/calls", $$"""{"appId":"{{TestApps.BotAppId}}"}""");
        place.Headers.Host = host;
        using var placed = await http.SendAsync(place);
        using var list = new HttpRequestMessage(HttpMethod.Get, "emulator/calls");
        list.Headers.Host = host;
        using var listed = await http.SendAsync(list);
        using var graph = new HttpRequestMessage(HttpMethod.Get, "v1.0/communications/calls/x");
        graph.Headers.Host = host;
        using var graphed = await http.SendAsync(graph);
        var error = JsonNode.Parse(await placed.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(400, (int)placed.StatusCode);
        Assert.Equal(400, (int)listed.StatusCode);
        Assert.Equal(400, (int)graphed.StatusCode);
        Assert.Equal("BadRequest", error["code"]!.GetValue<string>());
        Assert.Contains("Host header", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Emulator:AllowedHosts", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(environment.Emulator.Control.ListCalls());
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST:47080")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:47080")]
    [InlineData("[::1]:47080")]
    [InlineData("bot.localhost")]
    public async Task GetCalls_LoopbackHostHeader_Returns200(string host)
    {
        await using var environment = await TestEnvironment.StartAsync();
        using var http = PlainClient(environment);
        using var request = new HttpRequestMessage(HttpMethod.Get, "emulator/calls");
        request.Headers.Host = host;

        using var response = await http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("emulator.test", "emulator.test")]
    [InlineData("EMULATOR.test:8080", "emulator.test")]
    [InlineData("a.corp.test", "*.corp.test")]
    [InlineData("10.1.2.3", "10.1.2.3")]
    public async Task GetCalls_HostListedInAllowedHosts_Returns200(string host, string allowed)
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.AllowedHosts.Add(allowed));
        using var http = PlainClient(environment);
        using var request = new HttpRequestMessage(HttpMethod.Get, "emulator/calls");
        request.Headers.Host = host;

        using var response = await http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task GetCalls_SuffixPatternDoesNotCoverTheBareDomain_Returns400()
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.AllowedHosts.Add("*.corp.test"));
        using var http = PlainClient(environment);
        using var request = new HttpRequestMessage(HttpMethod.Get, "emulator/calls");
        request.Headers.Host = "evilcorp.test";

        using var response = await http.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("http://bot.example:8080/")]
    [InlineData("*")]
    [InlineData("")]
    [InlineData("a.*.test")]
    public void Validate_AllowedHostsEntryNotAHostName_NamesTheSetting(string entry)
    {
        var errors = new EmulatorOptions { AllowedHosts = ["localhost", entry] }.Validate();

        var error = Assert.Single(errors);
        Assert.StartsWith("Emulator:AllowedHosts:1 ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("null")]
    [InlineData("http://127.0.0.1.nip.io:47080")]
    public async Task PostHangUp_SentByAWebPageOfAnotherOrigin_Returns403AndTheCallGoesOn(string origin)
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        using var http = PlainClient(environment);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"emulator/calls/{callId}/hangUp");
        request.Headers.TryAddWithoutValidation("Origin", origin);

        using var response = await http.SendAsync(request);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("Forbidden", error["code"]!.GetValue<string>());
        Assert.Equal(CallStates.Incoming, environment.Emulator.Control.GetCall(callId)!.State);
    }

    [Theory]
    [InlineData("http://localhost:3000")]
    [InlineData("https://127.0.0.1:5173")]
    public async Task PostHangUp_SentByALocalWebPage_Returns200(string origin)
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        using var http = PlainClient(environment);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"emulator/calls/{callId}/hangUp");
        request.Headers.TryAddWithoutValidation("Origin", origin);

        using var response = await http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(CallStates.Terminated, environment.Emulator.Control.GetCall(callId)!.State);
    }

    [Theory]
    [InlineData("POST", "emulator/calls", "text/plain")]
    [InlineData("POST", "emulator/calls", "application/x-www-form-urlencoded")]
    [InlineData("POST", "emulator/calls", "multipart/form-data; boundary=x")]
    [InlineData("POST", "emulator/calls", null)]
    [InlineData("POST", "emulator/applications", "text/plain")]
    [InlineData("POST", "emulator/directory/users", "text/plain")]
    [InlineData("POST", "emulator/directory/pstnNumbers", "text/plain")]
    [InlineData("POST", "emulator/directory/applicationInstances", "text/plain")]
    [InlineData("POST", "emulator/directory/meetings", "text/plain")]
    [InlineData("PUT", "emulator/chaos", "text/plain")]
    [InlineData("PUT", "emulator/media", "text/plain")]
    [InlineData("POST", "emulator/calls/{id}/keys", "text/plain")]
    [InlineData("POST", "emulator/calls/{id}/participants", "text/plain")]
    [InlineData("PUT", "emulator/calls/{id}/media", "text/plain")]
    [InlineData("PUT", "emulator/calls/{id}/media/source", "text/plain")]
    [InlineData("PUT", "emulator/calls/{id}/media/participants/p/source", "text/plain")]
    public async Task ControlEndpointTakingABody_NotJson_Returns415(string method, string path, string? contentType)
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        using var http = PlainClient(environment);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", callId, StringComparison.Ordinal));
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes($$"""{"appId":"{{TestApps.BotAppId}}","id":"u1","keys":"1","userId":"u2","kind":"silence"}"""));
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await http.SendAsync(request);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(415, (int)response.StatusCode);
        Assert.Equal("UnsupportedMediaType", error["code"]!.GetValue<string>());
        Assert.Contains("application/json", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(environment.Emulator.Control.ListCalls());
        Assert.Equal(2, environment.Emulator.Control.GetCall(callId)!.Participants.Count);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    [InlineData("application/merge-patch+json")]
    public async Task PostCalls_JsonContentType_Returns201(string contentType)
    {
        await using var environment = await TestEnvironment.StartAsync();
        using var http = PlainClient(environment);
        using var request = new HttpRequestMessage(HttpMethod.Post, "emulator/calls")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes($$"""{"appId":"{{TestApps.BotAppId}}"}""")),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await http.SendAsync(request);

        Assert.Equal(201, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("v1.0", "text/plain")]
    [InlineData("beta", "text/plain")]
    [InlineData("v1.0", "application/x-www-form-urlencoded")]
    [InlineData("v1.0", null)]
    public async Task GraphCreateCall_BodyNotJson_Returns415AndCreatesNoCall(string version, string? contentType)
    {
        await using var environment = await TestEnvironment.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{version}/communications/calls")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(CreateCallApiTests.PeerToPeer(environment, "112f7296-5fa4-42ca-bae8-6a692b15d4b8").ToJsonString())),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await environment.GetTokenAsync());
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await environment.Http.SendAsync(request);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(415, (int)response.StatusCode);
        Assert.Equal("UnsupportedMediaType", error["code"]!.GetValue<string>());
        Assert.Empty(environment.Emulator.Control.ListCalls());
    }

    [Fact]
    public async Task GraphKeepAlive_WithoutBody_Returns200()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var (_, call) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", CreateCallApiTests.PeerToPeer(environment, "112f7296-5fa4-42ca-bae8-6a692b15d4b8"));

        var (status, _) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{call!["id"]!.GetValue<string>()}/keepAlive");

        Assert.Equal(200, status);
    }

    private static HttpClient PlainClient(TestEnvironment environment) => new() { BaseAddress = environment.Emulator.HttpBaseAddress };

    private static HttpRequestMessage Json(HttpMethod method, string path, string body) => new(method, path)
    {
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
    };
}
