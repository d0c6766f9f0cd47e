using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>Reference page "call: addLargeGalleryView".</summary>
public sealed class CallAddLargeGalleryViewTests
{
    [Fact]
    public async Task AddLargeGalleryView_Returns202RunningThenCompleted()
    {
        await using var call = await ConformanceCall.StartAsync();

        var (status, operation, location) = await call.PostWithLocationAsync("addLargeGalleryView", new JsonObject { ["clientContext"] = "785f4929-92ca-497b-863f-c778c77c9758" });
        var completed = await call.OperationNotificationAsync(operation!["id"]!.GetValue<string>());

        Assert.Equal(202, status);
        Assert.Equal("#microsoft.graph.addLargeGalleryViewOperation", operation["@odata.type"]!.GetValue<string>());
        Assert.Equal("running", operation["status"]!.GetValue<string>());
        Assert.True(operation.AsObject().ContainsKey("resultInfo"));
        Assert.Null(operation["resultInfo"]);
        Assert.EndsWith("/operations/" + operation["id"]!.GetValue<string>(), location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("completed", completed["status"]!.GetValue<string>());
        Assert.Equal("785f4929-92ca-497b-863f-c778c77c9758", completed["clientContext"]!.GetValue<string>());
    }

    [Fact]
    public async Task AddLargeGalleryView_ClientContextTooLong_Returns400()
    {
        await using var call = await ConformanceCall.StartAsync();

        var (status, body) = await call.PostAsync("addLargeGalleryView", new JsonObject { ["clientContext"] = new string('c', 257) });

        Assert.Equal(400, status);
        Assert.Contains("clientContext", body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddLargeGalleryView_WithoutGroupCallPermission_Returns403()
    {
        await using var call = await ConformanceCall.StartAsync();
        await call.RestrictPermissionsAsync("Calls.Initiate.All");

        var (status, _) = await call.PostAsync("addLargeGalleryView", new JsonObject());

        Assert.Equal(403, status);
    }
}
