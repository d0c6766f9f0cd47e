using CallingBot.Core.Calls;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Timeline;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.EndToEnd;

/// <summary>
/// The first call end to end over real HTTP: the emulator rings the bot, the bot answers through the Graph SDK, the
/// call is established, the remote user hangs up and the bot forgets the call.
/// </summary>
public sealed class WalkingSkeletonTests
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    [Fact]
    public async Task IncomingPeerToPeerCall_AnsweredEstablishedAndHungUpRemotely_LeavesNothingBehind()
    {
        var handler = new RecordingHandler();
        var router = new DelegateRouter(_ => CallDecision.Answer(handler));
        await using var bot = await BotHost.StartAsync(router);
        var control = bot.Emulator.Control;

        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId, FromDisplayName = "Alice" });

        await Eventually.WithinAsync(control.WaitForCallStateAsync(callId, "established"), "emulator sees the call established");
        var context = await Eventually.WithinAsync(handler.Established.Task, "bot handler sees the call established");
        Assert.Equal(callId, context.CallId);
        Assert.Equal(CallDirection.Incoming, context.Direction);

        var info = Assert.Single(router.Seen);
        Assert.Equal(IdentityKind.User, info.Caller.Kind);
        Assert.Equal(AliceId, info.Caller.Id, ignoreCase: true);
        Assert.True(info.IsPeerToPeer);

        var timeline = control.GetTimeline(callId);
        var created = Assert.Single(timeline, e => e.Kind == TimelineEntryKind.Notification && e.Body!.Contains("\"created\"", StringComparison.Ordinal));
        Assert.InRange(created.StatusCode!.Value, 200, 299);
        var answer = Assert.Single(timeline, e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/answer", StringComparison.Ordinal));
        Assert.Equal("POST", answer.Method);
        Assert.InRange(answer.StatusCode!.Value, 200, 299);
        Assert.Contains("serviceHostedMediaConfig", answer.Body!, StringComparison.OrdinalIgnoreCase);
        Assert.True(answer.Sequence > created.Sequence, "the answer follows the incoming notification");
        Assert.Contains(timeline, e => e.Kind == TimelineEntryKind.Notification && e.Body!.Contains("\"established\"", StringComparison.Ordinal));
        Assert.Equal(CallState.Established, bot.Manager.GetCall(callId)!.State);

        // The roster arrives after the established state; hanging up before it would (rightly) skip its callbacks.
        await Eventually.UntilAsync(() => handler.Events.Count(e => e.StartsWith("joined:", StringComparison.Ordinal)) == 2, "bot handler sees both participants joined");
        await control.HangUpAsync(callId);

        var termination = await Eventually.WithinAsync(handler.Terminated.Task, "bot handler sees the call terminated");
        Assert.NotNull(termination);
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "call manager drops the call");
        await Eventually.UntilAsync(() => bot.Platform.SdkCallCount == 0, "SDK forgets the call");
        await Eventually.WithinAsync(control.WaitForDeliveriesAsync(callId), "emulator finishes deliveries");
        Assert.Equal("terminated", control.GetCall(callId)!.State);
        Assert.Contains(control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Notification && e.Body!.Contains("\"deleted\"", StringComparison.Ordinal) && e.StatusCode is >= 200 and < 300);
        var events = handler.Events.ToArray();
        Assert.Equal("established", events[0]);
        Assert.Equal("terminated", events[^1]);
        Assert.Equal(
            new[] { $"joined:{AliceId}", $"joined:{bot.AppId}" }.Order(StringComparer.Ordinal),
            events[1..^1].Select(e => e.ToLowerInvariant()).Order(StringComparer.Ordinal));
        var record = Assert.Single(bot.Services.GetRequiredService<CallingBot.Core.Manager.ICallHistory>().Recent(10));
        Assert.Equal("answered", record.Outcome);
        Assert.NotNull(record.EstablishedAt);
    }

    [Fact]
    public async Task Notification_WithoutToken_IsRejectedWith401AndChangesNothing()
    {
        await using var bot = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Reject()));
        using var client = bot.CreateClient();
        using var content = new StringContent("""{"value":[{"changeType":"created","resourceUrl":"/communications/calls/x"}]}""", System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/calling", content);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, bot.Manager.ActiveCallCount);
    }

    [Fact]
    public async Task HealthEndpoints_WhenStarted_ReportLiveAndReady()
    {
        await using var bot = await BotHost.StartAsync();
        using var client = bot.CreateClient();

        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
    }
}
