using System.Text.Json.Nodes;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Tests.Calls;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>Resource page "commsNotification": the envelope's properties, as the reference pages' notification examples show them.</summary>
public sealed class CommsNotificationTests
{
    [Fact]
    public async Task IncomingCall_NotificationsCarryNoCallbackUriNorResource()
    {
        await using var call = await ConformanceCall.StartAsync();

        var notifications = await call.NotificationsAsync();

        Assert.NotEmpty(notifications);
        Assert.All(notifications, n =>
        {
            Assert.Equal(["@odata.type", "changeType", "resourceUrl", "resourceData"], n.Item.Select(p => p.Key));
            Assert.Equal("#microsoft.graph.commsNotifications", n.Json["@odata.type"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task PlacedCall_NotificationsCarryOnlyTheDocumentedProperties()
    {
        await using var environment = await Infrastructure.TestEnvironment.StartAsync();
        var (_, created) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", CreateCallApiTests.PeerToPeer(environment, Guid.NewGuid().ToString()));
        var callId = created!["id"]!.GetValue<string>();
        await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Established);
        await environment.Emulator.Control.WaitForDeliveriesAsync(callId);

        var notifications = environment.Receiver.Received.Where(n => n.ResourceUrl.Contains(callId, StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(notifications);
        Assert.All(notifications, n => Assert.Equal(["@odata.type", "changeType", "resourceUrl", "resourceData"], n.Item.Select(p => p.Key)));
    }

    [Fact]
    public async Task DeltaRoster_CarriesNoLegacyResource()
    {
        await using var call = await ConformanceCall.StartAsync(deltaRoster: true);

        await call.Control.JoinParticipantAsync(call.CallId, "98da8a1a-1b87-452c-a713-65d3f10b5555", "user1");
        var roster = (await call.NotificationsAsync()).Last(n => n.ResourceUrl.EndsWith("/participants", StringComparison.Ordinal));

        Assert.False(roster.Item.ContainsKey("resource"));
        Assert.False(roster.Item.ContainsKey("callbackUri"));
    }
}
