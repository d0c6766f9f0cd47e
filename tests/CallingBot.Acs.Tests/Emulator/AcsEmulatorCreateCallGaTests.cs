using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CallingBot.Acs.Tests.Infrastructure;

namespace CallingBot.Acs.Tests.Emulator;

/// <summary>Create Call with the generally available api-version: the GA CreateCallRequest and CallConnectionProperties.</summary>
public sealed class AcsEmulatorCreateCallGaTests
{
    private const string Path = "calling/callConnections?api-version=2025-05-15";

    private const string GaRequest = """
        {
          "targets": [
            {"kind":"communicationUser","communicationUser":{"id":"8:acs:target"}},
            {"kind":"phoneNumber","phoneNumber":{"value":"+14250123456"}}
          ],
          "source": {"id":"8:acs:bot"},
          "sourceCallerIdNumber": {"value":"+18440123456"},
          "sourceDisplayName": "Contoso",
          "callbackUri": "https://app.contoso.com/callback",
          "operationContext": "Reminder call",
          "mediaStreamingOptions": {
            "transportUrl": "wss://contoso.websocket.server/",
            "transportType": "websocket",
            "contentType": "audio",
            "audioChannelType": "mixed",
            "startMediaStreaming": true,
            "enableBidirectional": true,
            "audioFormat": "pcm16KMono"
          }
        }
        """;

    [Fact]
    public async Task Post_GaRequest_Returns201WithCallConnectionProperties()
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync(autoConnect: false);
        var http = environment.CreateSignedHttpClient();

        using var response = await PostAsync(http, GaRequest);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(
            ["callConnectionId", "callConnectionState", "callbackUri", "correlationId", "mediaStreamingSubscription", "serverCallId", "source", "sourceCallerIdNumber", "sourceDisplayName", "targets"],
            body.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("""{"kind":"communicationUser","rawId":"8:acs:bot","communicationUser":{"id":"8:acs:bot"}}""", body["source"]!.ToJsonString());
        Assert.Equal("+18440123456", (string?)body["sourceCallerIdNumber"]!["value"]);
        Assert.Equal("Contoso", (string?)body["sourceDisplayName"]);
        Assert.Equal(JsonNode.Parse(GaRequest)!["targets"]!.ToJsonString(), body["targets"]!.ToJsonString());
        Assert.Equal("connecting", (string?)body["callConnectionState"]);
        Assert.True(Guid.TryParse((string?)body["correlationId"], out _));
        Assert.Equal("active", (string?)body["mediaStreamingSubscription"]!["state"]);
        Assert.Equal("""["audio"]""", body["mediaStreamingSubscription"]!["subscribedContentTypes"]!.ToJsonString());
        Assert.Equal($"/calling/callConnections/{body["callConnectionId"]}", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("targets", """{"source":{"id":"8:acs:a"},"callbackUri":"https://app.contoso.com/cb"}""")]
    [InlineData("targets", """{"targets":[],"callbackUri":"https://app.contoso.com/cb"}""")]
    [InlineData("targets[0].kind", """{"targets":[{"kind":"skypeUser"}],"callbackUri":"https://app.contoso.com/cb"}""")]
    [InlineData("targets[0].communicationUser.id", """{"targets":[{"kind":"communicationUser","communicationUser":{}}],"callbackUri":"https://app.contoso.com/cb"}""")]
    [InlineData("sourceCallerIdNumber", """{"source":{"id":"8:acs:a"},"targets":[{"kind":"phoneNumber","phoneNumber":{"value":"+14250123456"}}],"callbackUri":"https://app.contoso.com/cb"}""")]
    [InlineData("sourceCallerIdNumber.value", """{"targets":[{"kind":"phoneNumber","phoneNumber":{"value":"+14250123456"}}],"sourceCallerIdNumber":{"value":"18440123456"},"callbackUri":"https://app.contoso.com/cb"}""")]
    [InlineData("callbackUri", """{"targets":[{"communicationUser":{"id":"8:acs:b"}}]}""")]
    [InlineData("callbackUri", """{"targets":[{"communicationUser":{"id":"8:acs:b"}}],"callbackUri":"http://app.contoso.com/cb"}""")]
    [InlineData("source.id", """{"source":{"identifier":{"communicationUser":{"id":"8:acs:a"}}},"targets":[{"communicationUser":{"id":"8:acs:b"}}],"callbackUri":"https://app.contoso.com/cb"}""")]
    [InlineData("sourceDisplayName", """{"targets":[{"communicationUser":{"id":"8:acs:b"}}],"sourceDisplayName":7,"callbackUri":"https://app.contoso.com/cb"}""")]
    [InlineData("mediaStreamingOptions.audioFormat", """{"targets":[{"communicationUser":{"id":"8:acs:b"}}],"callbackUri":"https://app.contoso.com/cb","mediaStreamingOptions":{"transportUrl":"wss://x/","transportType":"websocket","contentType":"audio","audioChannelType":"mixed","audioFormat":"mp3"}}""")]
    public async Task Post_InvalidGaBody_Returns400NamingTheField(string field, string body)
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync(autoConnect: false);
        var http = environment.CreateSignedHttpClient();

        using var response = await PostAsync(http, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("BadRequest", (string?)error["code"]);
        Assert.Equal(field, (string?)error["target"]);
        Assert.StartsWith(field, ((string?)error["message"])!.Replace("The ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_SeedPreviewBodyWithGaVersion_Returns400NamingSourceId()
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync(autoConnect: false);
        var http = environment.CreateSignedHttpClient();

        using var response = await PostAsync(http, SeedExamples.CreateCallRequest);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("source.id", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["target"]);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        return await http.SendAsync(request);
    }
}
