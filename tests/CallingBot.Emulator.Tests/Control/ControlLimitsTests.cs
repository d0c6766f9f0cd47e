using System.Text;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Tests.Infrastructure;

namespace CallingBot.Emulator.Tests.Control;

/// <summary>The control API bounds every string and list it keeps; the 400 names the field (EmulatorLimits).</summary>
public sealed class ControlLimitsTests
{
    public static TheoryData<string, string, string> OversizedFields => new()
    {
        { "emulator/calls", """{"appId":"{{app}}","fromDisplayName":"{{204800}}"}""", "'fromDisplayName' must be at most 256 characters; it has 204800." },
        { "emulator/calls", """{"appId":"{{app}}","fromUserId":"{{129}}"}""", "'fromUserId' must be at most 128 characters; it has 129." },
        { "emulator/calls", """{"appId":"{{129}}"}""", "'appId' must be at most 128 characters; it has 129." },
        { "emulator/calls", """{"appId":"{{app}}","policyRecording":true,"botData":{"pad":"{{17000}}"}}""", "'botData' must be at most 16384 characters of JSON" },
        { "emulator/calls", """{"appId":"{{app}}","modalities":[{{17 modalities}}]}""", "'modalities' has 17 entries; at most 16 are accepted." },
        { "emulator/calls/{id}/participants", """{"userId":"{{129}}"}""", "'userId' must be at most 128 characters; it has 129." },
        { "emulator/calls/{id}/participants", """{"userId":"u","displayName":"{{204800}}"}""", "'displayName' must be at most 256 characters; it has 204800." },
        { "emulator/calls/{id}/keys", """{"keys":"{{65 keys}}"}""", "'keys' must be at most 64 characters; it has 65." },
        { "emulator/applications", """{"appId":"a1","displayName":"{{257}}"}""", "application:DisplayName must be at most 256 characters; it has 257." },
        { "emulator/applications", """{"appId":"a1","permissions":[{{17 modalities}}]}""", "may have at most 16 entries each" },
        { "emulator/directory/users", """{"id":"u1","displayName":"{{204800}}"}""", "'displayName' must be at most 256 characters; it has 204800." },
        { "emulator/directory/users", """{"id":"{{129}}"}""", "'id' must be at most 128 characters; it has 129." },
        { "emulator/directory/pstnNumbers", """{"number":"+12345678901","displayName":"{{257}}"}""", "'displayName' must be at most 256 characters; it has 257." },
        { "emulator/directory/applicationInstances", """{"id":"i1","displayName":"{{257}}"}""", "'displayName' must be at most 256 characters; it has 257." },
        { "emulator/directory/meetings", """{"threadId":"19:meeting_x@thread.v2","attendees":[{{256 attendees}}]}""", "'attendees' has 256 entries; at most 255 are accepted" },
        { "emulator/directory/meetings", """{"threadId":"{{257}}"}""", "'threadId' must be at most 256 characters; it has 257." },
    };

    [Theory]
    [MemberData(nameof(OversizedFields))]
    public async Task Post_FieldPastItsLimit_Returns400NamingTheFieldAndKeepsNothing(string path, string template, string expected)
    {
        await using var environment = await TestEnvironment.StartAsync();
        var control = environment.Emulator.Control;
        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        await environment.Http.PostAsync($"v1.0/communications/calls/{callId}/answer", null);
        var body = template
            .Replace("{{app}}", TestApps.BotAppId, StringComparison.Ordinal)
            .Replace("{{204800}}", new string('n', 204_800), StringComparison.Ordinal)
            .Replace("{{17000}}", new string('b', 17_000), StringComparison.Ordinal)
            .Replace("{{257}}", new string('n', 257), StringComparison.Ordinal)
            .Replace("{{129}}", new string('i', 129), StringComparison.Ordinal)
            .Replace("{{65 keys}}", new string('1', 65), StringComparison.Ordinal)
            .Replace("{{17 modalities}}", string.Join(",", Enumerable.Repeat("\"audio\"", 17)), StringComparison.Ordinal)
            .Replace("{{256 attendees}}", string.Join(",", Enumerable.Range(0, 256).Select(i => $"\"a{i}\"")), StringComparison.Ordinal);

        using var response = await environment.Http.PostAsync(path.Replace("{id}", callId, StringComparison.Ordinal), new StringContent(body, Encoding.UTF8, "application/json"));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains(expected, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(control.ListCalls());
        Assert.Equal(2, control.GetCall(callId)!.Participants.Count);
        Assert.Single(control.Applications);
    }

    [Theory]
    [InlineData("keys", 1025, "'keys' must be at most 1024 characters; it has 1025.")]
    [InlineData("wavPath", 2049, "'wavPath' must be at most 2048 characters; it has 2049.")]
    public async Task PutMediaSource_FieldPastItsLimit_Returns400NamingTheField(string field, int length, string expected)
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        var body = new JsonObject { ["kind"] = field == "keys" ? "dtmf" : "wav", [field] = new string('1', length) };

        using var response = await environment.Http.PutAsync($"emulator/calls/{callId}/media/source", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(expected, error["message"]!.GetValue<string>());
    }

    [Fact]
    public void Validate_DirectoryEntryPastItsLimit_NamesTheSettingAndTheField()
    {
        var options = new EmulatorOptions
        {
            Users = [new EmulatedUser { Id = "u1" }, new EmulatedUser { Id = "u2", DisplayName = new string('n', 257) }],
            Meetings = [new EmulatedMeeting { ThreadId = new string('t', 257) }],
        };

        var errors = options.Validate();

        Assert.Equal(
            [
                "Emulator:Users:1: 'displayName' must be at most 256 characters; it has 257.",
                "Emulator:Meetings:0: 'threadId' must be at most 256 characters; it has 257.",
            ],
            errors);
    }

    [Fact]
    public async Task AddUser_InProcess_FieldPastItsLimit_ThrowsNamingTheField()
    {
        await using var environment = await TestEnvironment.StartAsync();

        var exception = Assert.Throws<ArgumentException>(() => environment.Emulator.Control.AddUser(new EmulatedUser { Id = "u1", DisplayName = new string('n', 257) }));

        Assert.StartsWith("'displayName' must be at most 256 characters", exception.Message, StringComparison.Ordinal);
    }
}
