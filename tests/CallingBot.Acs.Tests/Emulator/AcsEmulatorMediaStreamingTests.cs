using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CallingBot.Acs.Tests.Infrastructure;

namespace CallingBot.Acs.Tests.Emulator;

/// <summary>The emulated resource checks <c>mediaStreamingOptions</c> and the media streaming actions as the service does: 400 naming the field.</summary>
public sealed class AcsEmulatorMediaStreamingTests
{
    private const string CreatePath = "calling/callConnections?api-version=2022-04-07-preview";
    private const string Call = "\"source\":{\"identifier\":{\"communicationUser\":{\"id\":\"8:acs:a\"}}},\"targets\":[{\"communicationUser\":{\"id\":\"8:acs:b\"}}],\"callbackUri\":\"https://app.contoso.com/cb\"";

    [Theory]
    [InlineData("mediaStreamingOptions.transportUrl", """{"transportUrl":"https://bot.contoso.com/media","transportType":"websocket","contentType":"audio","audioChannelType":"mixed"}""")]
    [InlineData("mediaStreamingOptions.transportType", """{"transportUrl":"wss://bot.contoso.com/media","transportType":"rtp","contentType":"audio","audioChannelType":"mixed"}""")]
    [InlineData("mediaStreamingOptions.contentType", """{"transportUrl":"wss://bot.contoso.com/media","transportType":"websocket","contentType":"video","audioChannelType":"mixed"}""")]
    [InlineData("mediaStreamingOptions.audioFormat", """{"transportUrl":"wss://bot.contoso.com/media","transportType":"websocket","contentType":"audio","audioChannelType":"mixed","audioFormat":"mp3"}""")]
    [InlineData("mediaStreamingOptions.startMediaStreaming", """{"transportUrl":"wss://bot.contoso.com/media","transportType":"websocket","contentType":"audio","audioChannelType":"mixed","startMediaStreaming":"yes"}""")]
    [InlineData("mediaStreamingOptions.enableBidirectional", """{"transportUrl":"wss://bot.contoso.com/media","transportType":"websocket","contentType":"audio","audioChannelType":"mixed","enableBidirectional":1}""")]
    [InlineData("mediaStreamingOptions", "[]")]
    public async Task CreateCall_InvalidMediaStreamingOptions_Returns400NamingTheField(string field, string media)
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync(autoConnect: false);
        var http = environment.CreateSignedHttpClient();

        using var response = await PostAsync(http, CreatePath, "{" + Call + ",\"mediaStreamingOptions\":" + media + "}");

        await AssertBadRequestAsync(response, field);
    }

    [Fact]
    public async Task StartMediaStreaming_CallWithoutMediaStreamingOptions_Returns400()
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync(autoConnect: false);
        var http = environment.CreateSignedHttpClient();
        var id = await CreateAsync(http, "{" + Call + "}");

        using var response = await PostAsync(http, $"calling/callConnections/{id}:startMediaStreaming?api-version=2025-05-15", """{"operationContext":"start-1"}""");

        await AssertBadRequestAsync(response, "mediaStreamingOptions");
    }

    [Fact]
    public async Task StopMediaStreaming_NothingStreams_Returns400()
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync(autoConnect: false);
        var http = environment.CreateSignedHttpClient();
        var id = await CreateAsync(http, "{" + Call + ""","mediaStreamingOptions":{"transportUrl":"wss://127.0.0.1:9/","transportType":"websocket","contentType":"audio","audioChannelType":"mixed","startMediaStreaming":false}}""");

        using var response = await PostAsync(http, $"calling/callConnections/{id}:stopMediaStreaming?api-version=2025-05-15", """{"operationContext":"stop-1"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not started", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<string> CreateAsync(HttpClient http, string body)
    {
        using var response = await PostAsync(http, CreatePath, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["callConnectionId"]!;
    }

    private static async Task AssertBadRequestAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("BadRequest", (string?)error["code"]);
        Assert.Equal(field, (string?)error["target"]);
        Assert.Contains(field, (string?)error["message"], StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string body) =>
        http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
}
