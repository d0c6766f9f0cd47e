using System.Text.Json.Nodes;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Tests.Infrastructure;

namespace CallingBot.Emulator.Tests.Calls;

/// <summary>Every string and list of a Graph request is bounded; the 400 names the field (EmulatorLimits).</summary>
public sealed class FieldLimitsTests
{
    private const string CalleeId = "112f7296-5fa4-42ca-bae8-6a692b15d4b8";

    public static TheoryData<string, string> OversizedCreateCallFields => new()
    {
        { "displayName:257", "'targets[0].identity.user.displayName' must be at most 256 characters; it has 257." },
        { "displayName:204800", "'targets[0].identity.user.displayName' must be at most 256 characters; it has 204800." },
        { "id:129", "'targets[0].identity.user.id' must be at most 128 characters; it has 129." },
        { "source:257", "'source.identity.application.displayName' must be at most 256 characters; it has 257." },
        { "subject:1025", "'subject' must be at most 1024 characters; it has 1025." },
        { "tenantId:129", "'tenantId' must be at most 128 characters; it has 129." },
        { "callbackUri:2049", "'callbackUri' must be at most 2048 characters; it has 2049." },
        { "target:object", "'targets[0]' must be at most 4096 characters of JSON" },
        { "callOptions:object", "'callOptions' must be at most 4096 characters of JSON" },
        { "requestedModalities:17", "'requestedModalities' has 17 entries; at most 16 are accepted." },
        { "blob:65537", "'mediaConfig.blob' must be at most 65536 characters; it has 65537." },
    };

    [Theory]
    [MemberData(nameof(OversizedCreateCallFields))]
    public async Task CreateCall_FieldPastItsLimit_Returns400NamingTheField(string change, string expected)
    {
        await using var environment = await TestEnvironment.StartAsync();
        var body = CreateCallApiTests.PeerToPeer(environment, CalleeId);
        var target = body["targets"]![0]!.AsObject();
        var (field, size) = (change.Split(':')[0], change.Split(':')[1]);
        var length = int.TryParse(size, out var n) ? n : 0;
        switch (field)
        {
            case "displayName":
                target["identity"]!["user"]!["displayName"] = new string('n', length);
                break;
            case "id":
                target["identity"]!["user"]!["id"] = new string('i', length);
                break;
            case "source":
                body["source"] = new JsonObject { ["identity"] = new JsonObject { ["application"] = new JsonObject { ["id"] = TestApps.BotAppId, ["displayName"] = new string('s', length) } } };
                break;
            case "subject":
            case "tenantId":
                body[field] = new string('t', length);
                break;
            case "callbackUri":
                var prefix = environment.Receiver.CallbackUri + "?pad=";
                body["callbackUri"] = prefix + new string('p', length - prefix.Length);
                break;
            case "target":
                target["padding"] = new string('x', 5000);
                break;
            case "callOptions":
                body["callOptions"] = new JsonObject { ["padding"] = new string('x', 5000) };
                break;
            case "requestedModalities":
                body["requestedModalities"] = new JsonArray([.. Enumerable.Range(0, length).Select(_ => (JsonNode?)"audio")]);
                break;
            case "blob":
                body["mediaConfig"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.appHostedMediaConfig", ["blob"] = new string('b', length) };
                break;
        }

        var (status, error) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", body);

        Assert.Equal(400, status);
        Assert.Contains(expected, error!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(environment.Emulator.Control.ListCalls());
    }

    [Fact]
    public async Task CreateCall_FieldsAtTheirLimits_Returns201()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var body = CreateCallApiTests.PeerToPeer(environment, new string('i', EmulatorLimits.MaxIdLength));
        body["targets"]![0]!["identity"]!["user"]!["displayName"] = new string('n', EmulatorLimits.MaxDisplayNameLength);
        body["subject"] = new string('s', EmulatorLimits.MaxTextLength);

        var (status, _) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", body);

        Assert.Equal(201, status);
    }

    public static TheoryData<string, string, string> OversizedOperationFields => new()
    {
        { "playPrompt", """{"clientContext":"{{257}}","prompts":[{"@odata.type":"#microsoft.graph.mediaPrompt","mediaInfo":{"uri":"https://cdn.contoso.com/a.wav"}}]}""", "'clientContext' must be at most 256 characters; it has 257." },
        { "playPrompt", """{"prompts":[{{21 prompts}}]}""", "'prompts' has 21 entries; at most 20 are accepted." },
        { "playPrompt", """{"prompts":[{"@odata.type":"#microsoft.graph.mediaPrompt","mediaInfo":{"uri":"https://cdn.contoso.com/{{2049}}"}}]}""", "'prompts[0].mediaInfo.uri' must be at most 2048 characters" },
        { "recordResponse", """{"clientContext":"{{257}}"}""", "'clientContext' must be at most 256 characters; it has 257." },
        { "sendDtmfTones", """{"tones":[{{65 tones}}]}""", "'tones' has 65 entries; at most 64 are accepted." },
        { "participants/invite", """{"clientContext":"{{257}}","participants":[{"identity":{"user":{"id":"a"}}}]}""", "'clientContext' must be at most 256 characters; it has 257." },
        { "participants/invite", """{"participants":[{"identity":{"user":{"id":"a","displayName":"{{257}}"}}}]}""", "'participants[0].identity.user.displayName' must be at most 256 characters; it has 257." },
        { "transfer", """{"clientContext":"{{257}}","transferTarget":{"identity":{"user":{"id":"a"}}}}""", "'clientContext' must be at most 256 characters; it has 257." },
        { "transfer", """{"transferTarget":{"replacesCallId":"{{129}}","identity":{"user":{"id":"a"}}}}""", "'transferTarget.replacesCallId' must be at most 128 characters; it has 129." },
    };

    [Theory]
    [MemberData(nameof(OversizedOperationFields))]
    public async Task Operation_FieldPastItsLimit_Returns400NamingTheField(string action, string template, string expected)
    {
        await using var environment = await TestEnvironment.StartAsync();
        var (_, call) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", GroupCallScaleTests.GroupCall(environment, 2));
        var callId = call!["id"]!.GetValue<string>();
        await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Established);
        var prompt = """{"@odata.type":"#microsoft.graph.mediaPrompt","mediaInfo":{"uri":"https://cdn.contoso.com/a.wav"}}""";
        var body = template
            .Replace("{{257}}", new string('c', 257), StringComparison.Ordinal)
            .Replace("{{129}}", new string('c', 129), StringComparison.Ordinal)
            .Replace("{{2049}}", new string('u', 2049 - "https://cdn.contoso.com/".Length), StringComparison.Ordinal)
            .Replace("{{21 prompts}}", string.Join(",", Enumerable.Repeat(prompt, 21)), StringComparison.Ordinal)
            .Replace("{{65 tones}}", string.Join(",", Enumerable.Repeat("\"tone1\"", 65)), StringComparison.Ordinal);

        var (status, error) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/{action}", JsonNode.Parse(body));

        Assert.Equal(400, status);
        Assert.Contains(expected, error!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
