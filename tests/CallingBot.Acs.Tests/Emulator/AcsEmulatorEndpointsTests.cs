using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CallingBot.Acs.Tests.Infrastructure;

namespace CallingBot.Acs.Tests.Emulator;

public sealed class AcsEmulatorEndpointsTests
{
    private const string Path = "calling/callConnections?api-version=2022-04-07-preview";

    [Fact]
    public async Task Post_SeedExampleRequest_Returns201WithTheSeedResponsePropertyNames()
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync(autoConnect: false);
        var http = environment.CreateSignedHttpClient();

        using var response = await PostAsync(http, SeedExamples.CreateCallRequest);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var seed = JsonNode.Parse(SeedExamples.CreateCallResponse)!.AsObject();
        Assert.Equal(seed.Select(p => p.Key).Order(), body.Select(p => p.Key).Order());
        Assert.Equal(seed["source"]!["identifier"]!.ToJsonString(), body["source"]!["identifier"]!.ToJsonString());
        Assert.Equal(JsonNode.Parse(SeedExamples.CreateCallRequest)!["targets"]!.ToJsonString(), body["targets"]!.ToJsonString());
        Assert.Equal("https://app.contoso.com/callback", (string?)body["callbackUri"]);
        Assert.Equal("connecting", (string?)body["callConnectionState"]);
        Assert.Equal($"/calling/callConnections/{body["callConnectionId"]}", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("targets", """{"source":{"identifier":{"communicationUser":{"id":"8:acs:a"}}},"callbackUri":"https://app.contoso.com/cb"}""")]
    [InlineData("callbackUri", """{"source":{"identifier":{"communicationUser":{"id":"8:acs:a"}}},"targets":[{"communicationUser":{"id":"8:acs:b"}}]}""")]
    [InlineData("source", """{"targets":[{"communicationUser":{"id":"8:acs:b"}}],"callbackUri":"https://app.contoso.com/cb"}""")]
    [InlineData("targets[1].phoneNumber.value", """{"source":{"identifier":{"communicationUser":{"id":"8:acs:a"}},"callerId":{"value":"+18440123456"}},"targets":[{"communicationUser":{"id":"8:acs:b"}},{"kind":"phoneNumber","phoneNumber":{"value":"4250123456"}}],"callbackUri":"https://app.contoso.com/cb"}""")]
    [InlineData("targets[0].kind", """{"source":{"identifier":{"communicationUser":{"id":"8:acs:a"}}},"targets":[{"kind":"skypeUser"}],"callbackUri":"https://app.contoso.com/cb"}""")]
    [InlineData("mediaStreamingConfiguration.audioChannelType", """{"source":{"identifier":{"communicationUser":{"id":"8:acs:a"}}},"targets":[{"communicationUser":{"id":"8:acs:b"}}],"callbackUri":"https://app.contoso.com/cb","mediaStreamingConfiguration":{"transportUrl":"wss://x/","transportType":"websocket","contentType":"audio","audioChannelType":"stereo"}}""")]
    public async Task Post_InvalidBody_Returns400NamingTheField(string field, string body)
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync(autoConnect: false);
        var http = environment.CreateSignedHttpClient();

        using var response = await PostAsync(http, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("BadRequest", (string?)error["code"]);
        Assert.Equal(field, (string?)error["target"]);
        Assert.Contains(field, (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_SameRepeatabilityRequestIdTwice_ReturnsTheOriginalResponseAndCreatesOneCall()
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync(autoConnect: false);
        var http = environment.CreateSignedHttpClient();
        var requestId = Guid.NewGuid().ToString();
        var firstSent = DateTimeOffset.UtcNow.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        using var first = await PostAsync(http, SeedExamples.CreateCallRequest, requestId, firstSent);
        using var second = await PostAsync(http, SeedExamples.CreateCallRequest, requestId, firstSent);
        using var third = await PostAsync(http, SeedExamples.CreateCallRequest, Guid.NewGuid().ToString(), firstSent);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var original = await first.Content.ReadAsStringAsync();
        Assert.Equal(original, await second.Content.ReadAsStringAsync());
        Assert.NotEqual(JsonNode.Parse(original)!["callConnectionId"]!.ToString(), JsonNode.Parse(await third.Content.ReadAsStringAsync())!["callConnectionId"]!.ToString());
        using var list = new HttpClient(environment.Emulator.CreateTrustingHandler());
        var calls = JsonNode.Parse(await list.GetStringAsync(new Uri(environment.Endpoint, "emulator/acs/callConnections")))!.AsArray();
        Assert.Equal(2, calls.Count);
    }

    [Fact]
    public async Task Post_RepeatabilityIdWithoutFirstSent_Returns400NamingTheHeader()
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync(autoConnect: false);
        var http = environment.CreateSignedHttpClient();

        using var response = await PostAsync(http, SeedExamples.CreateCallRequest, Guid.NewGuid().ToString(), firstSent: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Repeatability-First-Sent", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["target"]);
    }

    [Fact]
    public async Task Post_UnsignedRequest_Returns401WithCommunicationErrorShape()
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync(autoConnect: false);
        using var http = new HttpClient(environment.Emulator.CreateTrustingHandler()) { BaseAddress = environment.Endpoint };

        using var response = await PostAsync(http, SeedExamples.CreateCallRequest);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(
            """{"error":{"code":"Denied","message":"Denied by the resource provider: the Authorization header must use the HMAC-SHA256 scheme."}}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_BodyChangedAfterSigning_Returns401ForTheContentHash()
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync(autoConnect: false);
        var http = environment.CreateSignedHttpClient(inner: new TamperingHandler());

        using var response = await PostAsync(http, SeedExamples.CreateCallRequest);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Denied by the resource provider: x-ms-content-sha256 does not match the body.", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"]);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string body, string? requestId = null, string? firstSent = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (requestId is not null)
        {
            request.Headers.Add("Repeatability-Request-ID", requestId);
        }

        if (firstSent is not null)
        {
            request.Headers.Add("Repeatability-First-Sent", firstSent);
        }

        return await http.SendAsync(request);
    }

    private sealed class TamperingHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Content = new StringContent(SeedExamples.CreateCallRequest.Replace("Reminder call", "Changed call", StringComparison.Ordinal), Encoding.UTF8, "application/json");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
