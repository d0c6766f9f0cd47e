using System.Text.Json.Nodes;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Tests.Infrastructure;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>Reference page "call: cancelMediaProcessing".</summary>
public sealed class CallCancelMediaProcessingTests
{
    private static JsonObject PlayPrompt(string clientContext) => new()
    {
        ["clientContext"] = clientContext,
        ["prompts"] = new JsonArray(new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.mediaPrompt",
            ["mediaInfo"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.mediaInfo", ["uri"] = "https://cdn.contoso.com/beep.wav" },
        }),
    };

    [Fact]
    public async Task Cancel_Returns200CompletedWithLocation()
    {
        await using var call = await ConformanceCall.StartAsync();

        var (status, body, location) = await call.PostWithLocationAsync("cancelMediaProcessing", new JsonObject { ["clientContext"] = "d45324c1-fcb5-430a-902c-f20af696537c" });

        Assert.Equal(200, status);
        Assert.Equal("#microsoft.graph.cancelMediaProcessingOperation", body!["@odata.type"]!.GetValue<string>());
        Assert.Equal("completed", body["status"]!.GetValue<string>());
        Assert.Equal("d45324c1-fcb5-430a-902c-f20af696537c", body["clientContext"]!.GetValue<string>());
        var id = body["id"]!.GetValue<string>();
        Assert.EndsWith($"/v1.0/communications/calls/{call.CallId}/operations/{id}", location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_RunningPlayPrompt_FailsItWithOperationCanceled()
    {
        await using var call = await ConformanceCall.StartAsync(configure: o => o.PromptDuration = TimeSpan.FromHours(1));
        var (_, prompt) = await call.PostAsync("playPrompt", PlayPrompt("prompt-1"));
        var promptId = prompt!["id"]!.GetValue<string>();
        Assert.Equal("running", prompt["status"]!.GetValue<string>());

        var (status, _) = await call.PostAsync("cancelMediaProcessing", new JsonObject { ["clientContext"] = "cancel-1" });
        var failed = await call.OperationNotificationAsync(promptId);

        Assert.Equal(200, status);
        Assert.Equal("#microsoft.graph.playPromptOperation", failed["@odata.type"]!.GetValue<string>());
        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.Equal("prompt-1", failed["clientContext"]!.GetValue<string>());
        Assert.Equal("operationCanceled", failed["completionReason"]!.GetValue<string>());
        Assert.Equal(400, failed["resultInfo"]!["code"]!.GetValue<int>());
        Assert.Equal(8508, failed["resultInfo"]!["subcode"]!.GetValue<int>());
        Assert.Equal("Action failed, the operation was cancelled.", failed["resultInfo"]!["message"]!.GetValue<string>());
        var (_, read) = await call.SendAsync(HttpMethod.Get, $"operations/{promptId}");
        Assert.Equal("failed", read!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancel_NothingRunning_NotifiesNothing()
    {
        await using var call = await ConformanceCall.StartAsync();
        var before = (await call.NotificationsAsync()).Count;

        var (status, _) = await call.PostAsync("cancelMediaProcessing", new JsonObject());

        Assert.Equal(200, status);
        Assert.Equal(before, (await call.NotificationsAsync()).Count);
    }

    [Fact]
    public async Task Cancel_SubscribeToTone_StaysSubscribed()
    {
        await using var call = await ConformanceCall.StartAsync();
        var (_, subscribe) = await call.PostAsync("subscribeToTone", new JsonObject { ["clientContext"] = "tones" });
        Assert.Equal("completed", subscribe!["status"]!.GetValue<string>());

        await call.PostAsync("cancelMediaProcessing", new JsonObject());
        await call.Control.PressKeysAsync(call.CallId, "1");

        await call.Environment.WaitForNotificationAsync(n => n.ResourceData is JsonObject data && data["toneInfo"] is not null, "a tone notification after the cancel");
    }

    [Fact]
    public async Task Cancel_BeforeEstablished_Returns409()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });

        var (status, body) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/cancelMediaProcessing", new JsonObject());

        Assert.Equal(409, status);
        Assert.Contains("cancelMediaProcessing", body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
