using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>
/// Reference page "call: recordResponse": the response shows the recordOperation <c>running</c> without a recording,
/// and the completion notification carries <c>recordingLocation</c>, <c>recordingAccessToken</c> and the reason.
/// </summary>
public sealed class CallRecordResponseTests
{
    private static JsonObject Record(string clientContext, params string[] stopTones) => new()
    {
        ["clientContext"] = clientContext,
        ["bargeInAllowed"] = true,
        ["initialSilenceTimeoutInSeconds"] = 5,
        ["maxSilenceTimeoutInSeconds"] = 2,
        ["maxRecordDurationInSeconds"] = 10,
        ["playBeep"] = true,
        ["prompts"] = new JsonArray(new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.mediaPrompt",
            ["mediaInfo"] = new JsonObject { ["uri"] = "https://cdn.contoso.com/beep.wav", ["resourceId"] = "1D6DE2D4-CD51-4309-8DAA-70768651088E" },
        }),
        ["stopTones"] = new JsonArray(stopTones.Select(t => (JsonNode)t).ToArray()),
    };

    [Fact]
    public async Task RecordResponse_Returns200RunningWithoutRecordingThenNotifiesCompletedWithLocation()
    {
        await using var call = await ConformanceCall.StartAsync();

        var (status, operation, location) = await call.PostWithLocationAsync("recordResponse", Record("d45324c1-fcb5-430a-902c-f20af696537c", "#", "1", "*"));
        var id = operation!["id"]!.GetValue<string>();
        var completed = await call.OperationNotificationAsync(id);

        Assert.Equal(200, status);
        Assert.Equal("#microsoft.graph.recordOperation", operation["@odata.type"]!.GetValue<string>());
        Assert.Equal("running", operation["status"]!.GetValue<string>());
        Assert.Equal("d45324c1-fcb5-430a-902c-f20af696537c", operation["clientContext"]!.GetValue<string>());
        Assert.Null(operation["recordingLocation"]);
        Assert.Null(operation["recordingAccessToken"]);
        Assert.EndsWith($"/communications/calls/{call.CallId}/operations/{id}", location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("completed", completed["status"]!.GetValue<string>());
        Assert.Equal("d45324c1-fcb5-430a-902c-f20af696537c", completed["clientContext"]!.GetValue<string>());
        Assert.Equal("maxSilenceTimeout", completed["completionReason"]!.GetValue<string>());
        Assert.StartsWith("https://", completed["recordingLocation"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(completed["recordingAccessToken"]!.GetValue<string>()));
        Assert.Equal(200, completed["resultInfo"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task RecordResponse_StopTonePressed_CompletesWithStopToneDetected()
    {
        await using var call = await ConformanceCall.StartAsync(configure: o => o.RecordedResponseDuration = TimeSpan.FromHours(1));
        var (_, operation) = await call.PostAsync("recordResponse", Record("stop", "#"));
        var id = operation!["id"]!.GetValue<string>();
        var (_, stillRunning) = await call.SendAsync(HttpMethod.Get, $"operations/{id}");
        Assert.Equal("running", stillRunning!["status"]!.GetValue<string>());

        await call.Control.PressKeysAsync(call.CallId, "5");
        var (_, afterOtherKey) = await call.SendAsync(HttpMethod.Get, $"operations/{id}");
        await call.Control.PressKeysAsync(call.CallId, "#");
        var completed = await call.OperationNotificationAsync(id);

        Assert.Equal("running", afterOtherKey!["status"]!.GetValue<string>());
        Assert.Equal("completed", completed["status"]!.GetValue<string>());
        Assert.Equal("stopToneDetected", completed["completionReason"]!.GetValue<string>());
        Assert.NotNull(completed["recordingLocation"]);
    }

    [Fact]
    public async Task RecordResponse_CallerLongerThanMaxRecordDuration_CompletesWithMaxRecordDurationReached()
    {
        await using var call = await ConformanceCall.StartAsync(configure: o => o.RecordedResponseDuration = TimeSpan.FromHours(1));
        var body = Record("max");
        body["maxRecordDurationInSeconds"] = 1;

        var (_, operation) = await call.PostAsync("recordResponse", body);
        var completed = await call.OperationNotificationAsync(operation!["id"]!.GetValue<string>());

        Assert.Equal("maxRecordDurationReached", completed["completionReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task RecordResponse_CompleteInResponseSet_AnswersCompletedWithLocation()
    {
        await using var call = await ConformanceCall.StartAsync(configure: o => o.CompleteRecordResponseInResponse = true);

        var (status, operation) = await call.PostAsync("recordResponse", Record("sync", "#"));

        Assert.Equal(200, status);
        Assert.Equal("completed", operation!["status"]!.GetValue<string>());
        Assert.NotNull(operation["recordingLocation"]);
    }

    [Fact]
    public async Task RecordResponse_Cancelled_FailsWithEmptyRecordingAndNeverCompletes()
    {
        await using var call = await ConformanceCall.StartAsync(configure: o => o.RecordedResponseDuration = TimeSpan.FromHours(1));
        var (_, operation) = await call.PostAsync("recordResponse", Record("rec", "#"));
        var id = operation!["id"]!.GetValue<string>();

        await call.PostAsync("cancelMediaProcessing", new JsonObject { ["clientContext"] = "cancel" });
        var failed = await call.OperationNotificationAsync(id);
        await call.Control.PressKeysAsync(call.CallId, "#");
        var (_, read) = await call.SendAsync(HttpMethod.Get, $"operations/{id}");

        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.Equal("operationCanceled", failed["completionReason"]!.GetValue<string>());
        Assert.Equal(8508, failed["resultInfo"]!["subcode"]!.GetValue<int>());
        Assert.Equal(string.Empty, failed["recordingLocation"]!.GetValue<string>());
        Assert.Equal("failed", read!["status"]!.GetValue<string>());
    }
}
