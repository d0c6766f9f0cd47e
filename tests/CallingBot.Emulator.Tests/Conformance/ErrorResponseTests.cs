using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>
/// Graph's error responses (reference page "Microsoft Graph error responses and resource types") and how actions are
/// addressed: a path Graph does not serve is 404 with its error body; every action answers to its qualified name too.
/// </summary>
public sealed class ErrorResponseTests
{
    /// <summary>Every action of the calls API, under the call or a participant, by the path after the call.</summary>
    public static TheoryData<string> Actions =>
    [
        "answer", "reject", "redirect", "transfer", "keepAlive", "mute", "unmute", "changeScreenSharingRole", "updateRecordingStatus",
        "playPrompt", "recordResponse", "subscribeToTone", "sendDtmfTones", "cancelMediaProcessing", "participants/invite",
    ];

    [Theory]
    [InlineData("GET", "dance")]
    [InlineData("POST", "dance")]
    [InlineData("POST", "microsoft.graph.dance")]
    [InlineData("GET", "participants/x/y/z")]
    public async Task UnknownSegment_Returns404WithGraphErrorBody(string method, string path)
    {
        await using var call = await ConformanceCall.StartAsync();

        var (status, body) = await call.SendAsync(new HttpMethod(method), path, method == "POST" ? new JsonObject() : null);

        Assert.Equal(404, status);
        var error = body!["error"]!;
        Assert.Equal("ResourceNotFound", error["code"]!.GetValue<string>());
        Assert.StartsWith("Resource not found for the segment '", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(error["innerError"]!["request-id"]);
        Assert.NotNull(error["innerError"]!["date"]);
    }

    [Fact]
    public async Task UnknownSegment_NamesTheSegment()
    {
        await using var call = await ConformanceCall.StartAsync();

        var (_, body) = await call.SendAsync(HttpMethod.Post, "dance", new JsonObject());
        var (_, unknownCollection) = await call.Environment.GraphAsync(HttpMethod.Get, "beta/communications/meetings");

        Assert.Equal("Resource not found for the segment 'dance'.", body!["error"]!["message"]!.GetValue<string>());
        Assert.Equal("Resource not found for the segment 'meetings'.", unknownCollection!["error"]!["message"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Action_ByQualifiedName_IsServed(string action)
    {
        await using var call = await ConformanceCall.StartAsync();
        var slash = action.LastIndexOf('/');
        var qualified = slash < 0 ? "microsoft.graph." + action : action[..(slash + 1)] + "microsoft.graph." + action[(slash + 1)..];

        var (status, body) = await call.PostAsync(qualified, new JsonObject());

        Assert.False(status == 404 && body?["error"]?["code"]?.GetValue<string>() == "ResourceNotFound", $"{qualified} is not served: {body?.ToJsonString()}");
        Assert.NotNull(body ?? (status is 200 or 202 or 204 ? new JsonObject() : null));
    }

    [Fact]
    public async Task SendDtmfTones_ByQualifiedName_RunsTheAction()
    {
        await using var call = await ConformanceCall.StartAsync();

        var (status, body) = await call.PostAsync("microsoft.graph.sendDtmfTones", new JsonObject { ["tones"] = new JsonArray("tone1"), ["clientContext"] = "q" });

        Assert.Equal(200, status);
        Assert.Equal("#microsoft.graph.sendDtmfTonesOperation", body!["@odata.type"]!.GetValue<string>());
        Assert.Equal("q", body["clientContext"]!.GetValue<string>());
    }

    [Fact]
    public async Task PlayPrompt_ByQualifiedNameUnderBeta_RunsTheAction()
    {
        await using var call = await ConformanceCall.StartAsync();
        var prompt = new JsonObject { ["@odata.type"] = "#microsoft.graph.mediaPrompt", ["mediaInfo"] = new JsonObject { ["uri"] = "https://cdn.contoso.com/beep.wav" } };

        var (status, body) = await call.PostAsync("microsoft.graph.playPrompt", new JsonObject { ["prompts"] = new JsonArray(prompt) }, "beta");

        Assert.Equal(200, status);
        Assert.Equal("#microsoft.graph.playPromptOperation", body!["@odata.type"]!.GetValue<string>());
    }
}
