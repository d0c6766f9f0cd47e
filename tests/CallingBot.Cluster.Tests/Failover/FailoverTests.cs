using CallingBot.Cluster.Tests.Infrastructure;
using CallingBot.Core.Calls;
using CallingBot.Core.Manager;
using CallingBot.Emulator.Timeline;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Cluster.Tests.Failover;

/// <summary>
/// Instances of one Redis cluster (real redis-server, the emulator as Graph) losing a member: killed without a word,
/// or stopped gracefully. The calls it held continue on the others through the call manager's take-over path.
/// </summary>
public sealed class FailoverTests
{
    private static readonly TimeSpan Phase = ClusterScene.Phase;

    [Fact]
    public async Task KilledInstance_ServiceHostedCallsContinueOnSurvivorsAtTheirNextNotification_AppHostedCallsEndAndAreRecorded()
    {
        // Quiet calls are left to notifications here: the notification path alone takes the calls over.
        await using var scene = await ClusterScene.StartAsync(3, new Dictionary<string, string?> { ["CallingBot:Cluster:TakeOverQuietCalls"] = "false" });
        var victim = scene.Bots[0];
        var survivors = scene.Bots.Skip(1).ToArray();
        scene.Route(victim);
        string[] calls = [await scene.RingAsync(victim), await scene.RingAsync(victim)];
        var media = await scene.RingAsync(victim, FailoverRouter.AppHostedCaller);
        scene.Route(scene.Bots);

        await victim.KillAsync();
        scene.Route(survivors);
        await ClusterScene.WaitForMembersAsync(survivors, 2, "the survivors declare the killed instance dead");

        var control = scene.Control;
        foreach (var callId in calls)
        {
            // The next notification about the call reaches its grain, reactivated on a survivor, which takes the call over.
            await control.JoinParticipantAsync(callId, ClusterScene.BobId, "Bob");
        }

        await control.JoinParticipantAsync(media, ClusterScene.BobId, "Bob");
        foreach (var callId in calls)
        {
            await Eventually.UntilAsync(() => scene.Log.Saw(callId, "prompt-played"), $"call {callId}: the adopting handler's prompt completes on a survivor", Phase);
            var adopter = scene.Log.AdoptedBy[callId];
            Assert.Contains(adopter, survivors.Select(scene.Label));
            await scene.PressKeysAsync(callId, "5");
            await Eventually.UntilAsync(() => scene.Log.Saw(callId, adopter, "digits:5"), $"call {callId}: a key pressed after the kill reaches the new handler", Phase);
            await control.JoinParticipantAsync(callId, ClusterScene.CarolId, "Carol");
            await Eventually.UntilAsync(() => scene.Log.Saw(callId, adopter, "joined:Carol"), $"call {callId}: a participant joining after the take-over reaches the new handler", Phase);
            var adopted = scene.Log.Adopted[callId];
            Assert.Equal(AdoptionReason.InstanceLost, adopted.Reason);
            Assert.Equal("bot0", adopted.SavedState["answeredBy"]);
            Assert.Equal("menu", adopted.SavedState["step"]);
            Assert.EndsWith("FailoverHandler", adopted.PreviousHandler, StringComparison.Ordinal);
        }

        await Eventually.WithinAsync(control.WaitForCallStateAsync(media, "terminated", Phase), "the app-hosted call of the killed instance is hung up by a survivor", Phase);
        Assert.False(scene.Log.Adopted.ContainsKey(media), "an app-hosted call is not taken over");
        await Eventually.UntilAsync(
            () => survivors.Any(b => b.Services.GetRequiredService<ICallHistory>().Recent(100).Any(r => r.CallId == media && r.Outcome == "hung-up-on-failover")),
            "the app-hosted call is in a survivor's history as hung up on failover",
            Phase);

        foreach (var callId in calls)
        {
            await control.HangUpAsync(callId);
        }

        await Eventually.UntilAsync(() => survivors.All(b => b.Manager.ActiveCallCount == 0), "the taken-over calls end on the remote hang-up", Phase);
        foreach (var callId in calls)
        {
            var adopter = scene.Log.AdoptedBy[callId];
            Assert.True(scene.Log.Saw(callId, adopter, "terminated:200"), $"call {callId} ends normally on {adopter}");
            var owner = survivors.Single(b => scene.Label(b) == adopter);
            Assert.Contains(owner.Services.GetRequiredService<ICallHistory>().Recent(100), r => r.CallId == callId && r.Outcome == "adopted" && r.Termination!.Code == 200);
        }
    }

    [Fact]
    public async Task KilledInstance_QuietCall_IsTakenOverByTheOldestSurvivorsScan()
    {
        await using var scene = await ClusterScene.StartAsync(2);
        var victim = scene.Bots[1];
        var survivor = scene.Bots[0];
        scene.Route(victim);
        var callId = await scene.RingAsync(victim);

        await victim.KillAsync();
        scene.Route(survivor);

        // No notification names the call: the survivor's scan, on the membership change, takes it over.
        await Eventually.UntilAsync(() => scene.Log.Saw(callId, "bot0", "prompt-played"), "the quiet call is taken over by the survivor and its prompt completes", Phase);
        Assert.Equal(AdoptionReason.InstanceLost, scene.Log.Adopted[callId].Reason);
        Assert.Equal("bot1", scene.Log.Adopted[callId].SavedState["answeredBy"]);
        Assert.Equal(1, survivor.Manager.ActiveCallCount);

        await scene.PressKeysAsync(callId, "7");
        await Eventually.UntilAsync(() => scene.Log.Saw(callId, "bot0", "digits:7"), "a key pressed after the take-over reaches the survivor's handler", Phase);
        await scene.Control.HangUpAsync(callId);
        await Eventually.UntilAsync(() => survivor.Manager.ActiveCallCount == 0, "the taken-over call ends on the remote hang-up", Phase);
        Assert.True(scene.Log.Saw(callId, "bot0", "terminated:200"));
    }

    [Fact]
    public async Task GracefulStop_HandsServiceHostedCallsToAnotherInstance_WithoutAnyDelete()
    {
        await using var scene = await ClusterScene.StartAsync(2);
        var drained = scene.Bots[1];
        var survivor = scene.Bots[0];
        scene.Route(drained);
        string[] calls = [await scene.RingAsync(drained), await scene.RingAsync(drained)];
        scene.Route(scene.Bots);

        // SIGTERM: the drain hands the calls over before the instance exits.
        await drained.StopAsync();

        var control = scene.Control;
        foreach (var callId in calls)
        {
            Assert.Equal("bot0", scene.Log.AdoptedBy[callId]);
            var adopted = scene.Log.Adopted[callId];
            Assert.Equal(AdoptionReason.HandedOver, adopted.Reason);
            Assert.Equal("bot1", adopted.SavedState["answeredBy"]);
            Assert.True(scene.Log.Saw(callId, "bot1", "handed-over"), "the handler on the stopped instance learns that its call was handed over");
            Assert.Equal("established", control.GetCall(callId)!.State);
            Assert.DoesNotContain(control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Request && e.Method == "DELETE");
        }

        Assert.Equal(2, survivor.Manager.ActiveCallCount);
        scene.Route(survivor);
        foreach (var callId in calls)
        {
            await Eventually.UntilAsync(() => scene.Log.Saw(callId, "bot0", "prompt-played"), $"call {callId}: the prompt of the instance that took it over completes", Phase);
            await scene.PressKeysAsync(callId, "3");
            await Eventually.UntilAsync(() => scene.Log.Saw(callId, "bot0", "digits:3"), $"call {callId}: a key pressed after the hand-over reaches the new handler", Phase);
            await control.HangUpAsync(callId);
        }

        await Eventually.UntilAsync(() => survivor.Manager.ActiveCallCount == 0, "the handed-over calls end on the remote hang-up", Phase);
        Assert.All(calls, callId => Assert.True(scene.Log.Saw(callId, "bot0", "terminated:200")));
        Assert.All(calls, callId => Assert.DoesNotContain(control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Request && e.Method == "DELETE"));
    }
}
