namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>Reference pages "List contentSharingSessions" and "Get contentSharingSession".</summary>
public sealed class ContentSharingSessionTests
{
    [Fact]
    public async Task ListAndGet_ReturnTheSharedSession()
    {
        await using var call = await ConformanceCall.StartAsync();
        var sharer = call.Control.GetCall(call.CallId)!.Participants.First(p => !p.IsBot).Id;
        var sessionId = await call.Control.StartScreenSharingAsync(call.CallId, sharer);

        var (listStatus, list) = await call.SendAsync(HttpMethod.Get, "contentSharingSessions");
        var (getStatus, session) = await call.SendAsync(HttpMethod.Get, $"contentSharingSessions/{sessionId}");

        Assert.Equal(200, listStatus);
        var item = Assert.Single(list!["value"]!.AsArray())!;
        Assert.Equal("#microsoft.graph.contentSharingSession", item["@odata.type"]!.GetValue<string>());
        Assert.Equal(sessionId, item["id"]!.GetValue<string>());
        Assert.Equal(200, getStatus);
        Assert.Equal(sessionId, session!["id"]!.GetValue<string>());
        Assert.EndsWith($"$metadata#communications/calls('{call.CallId}')/contentSharingSessions/$entity", session["@odata.context"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_EndedSession_Returns404()
    {
        await using var call = await ConformanceCall.StartAsync();
        var sharer = call.Control.GetCall(call.CallId)!.Participants.First(p => !p.IsBot).Id;
        var sessionId = await call.Control.StartScreenSharingAsync(call.CallId, sharer);
        await call.Control.StopScreenSharingAsync(call.CallId, sharer);

        var (status, body) = await call.SendAsync(HttpMethod.Get, $"contentSharingSessions/{sessionId}");

        Assert.Equal(404, status);
        Assert.NotNull(body!["error"]);
    }
}
