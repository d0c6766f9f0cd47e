using CallingBot.Core.Calls;
using CallingBot.Core.Meetings;
using CallingBot.Core.Platform;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Testing;

namespace CallingBot.Core.Tests.Manager;

public sealed class CallManagerOutboundTests
{
    private static readonly MeetingCoordinates Meeting = new("19:meeting_abc@thread.v2", "0", "4b1f6a3e-1d2c-4b9a-9e0f-2a3b4c5d6e7f", "72f988bf-86f1-41af-91ab-2d7cd011db47");

    [Fact]
    public async Task CreateCallAsync_ValidRequest_PlacesAndRegistersOutgoingCall()
    {
        await using var harness = new CallManagerHarness();
        harness.Platform.PrepareOutbound("out-1");
        var request = new OutboundCallRequest
        {
            Targets = [ParticipantIdentity.Phone("+14255550199")],
            Source = ParticipantIdentity.ApplicationInstance("bot-instance", "Front desk"),
            Media = MediaHosting.AppHosted,
            TenantId = "tenant-1",
        };

        var snapshot = await harness.Manager.CreateCallAsync(request, new RecordingHandler(), CancellationToken.None);

        Assert.Same(request, harness.Platform.Recorder.SingleArgument<OutboundCallRequest>(nameof(ICallingPlatform.CreateCallAsync)));
        Assert.Equal("out-1", snapshot.CallId);
        Assert.Equal(CallDirection.Outgoing, snapshot.Direction);
        Assert.Equal(CallState.Establishing, snapshot.State);
        Assert.Equal(MediaHosting.AppHosted, snapshot.Media);
        Assert.Equal(nameof(RecordingHandler), snapshot.HandlerName);
        Assert.Equal("tenant-1", snapshot.TenantId);
        Assert.Equal(new CallingBot.Core.Manager.CallEventRecord(harness.Time.GetUtcNow(), "created", "placed to 1 target(s)"), Assert.Single(snapshot.RecentEvents));
        Assert.Equal(1, harness.Manager.ActiveCallCount);
        Assert.Equal(1, harness.Measurements.Sum("callingbot.calls.outgoing"));
        Assert.Equal(1, harness.Measurements.Sum("callingbot.calls.active"));
        Assert.Empty(harness.Router.Requests);
    }

    [Fact]
    public async Task CreateCallAsync_PhoneTargetWithoutApplicationInstanceSource_ThrowsBeforeReachingPlatform()
    {
        await using var harness = new CallManagerHarness();
        var request = new OutboundCallRequest { Targets = [ParticipantIdentity.Phone("+14255550199")], Source = ParticipantIdentity.Application("bot-app") };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Manager.CreateCallAsync(request, new RecordingHandler(), CancellationToken.None));

        Assert.Equal("Source", error.ParamName);
        Assert.StartsWith("Calling a phone number needs an application instance as the source (the bot's calling number).", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Platform.Recorder.Operations);
    }

    [Fact]
    public async Task CreateCallAsync_NoTargets_Throws()
    {
        await using var harness = new CallManagerHarness();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Manager.CreateCallAsync(new OutboundCallRequest { Targets = [] }, new RecordingHandler(), CancellationToken.None));

        Assert.Equal("Targets", error.ParamName);
        Assert.Empty(harness.Platform.Recorder.Operations);
    }

    [Fact]
    public async Task JoinMeetingAsync_CoordinatesAndJoinMeetingId_Throws()
    {
        await using var harness = new CallManagerHarness();
        var request = new MeetingJoinRequest { Coordinates = Meeting, JoinMeetingId = "123456789" };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Manager.JoinMeetingAsync(request, new RecordingHandler(), CancellationToken.None));

        Assert.Equal("JoinMeetingId", error.ParamName);
        Assert.StartsWith("Give the meeting coordinates or a join meeting id, not both.", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Platform.Recorder.Operations);
    }

    [Theory]
    [InlineData(null, "Either the meeting coordinates (join URL) or a join meeting id is required.")]
    [InlineData("  ", "Either the meeting coordinates (join URL) or a join meeting id is required.")]
    [InlineData("12 34", "A join meeting id is made of digits only (at most 32).")]
    [InlineData("123456789012345678901234567890123", "A join meeting id is made of digits only (at most 32).")]
    public async Task JoinMeetingAsync_InvalidJoinMeetingId_Throws(string? joinMeetingId, string expected)
    {
        await using var harness = new CallManagerHarness();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Manager.JoinMeetingAsync(new MeetingJoinRequest { JoinMeetingId = joinMeetingId }, new RecordingHandler(), CancellationToken.None));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Platform.Recorder.Operations);
    }

    [Fact]
    public async Task JoinMeetingAsync_AsGuest_ForwardsRequestAndRegistersCall()
    {
        await using var harness = new CallManagerHarness();
        harness.Platform.PrepareOutbound("meeting-call");
        var request = new MeetingJoinRequest { JoinMeetingId = "123456789", Passcode = "abc", GuestDisplayName = "Recorder" };

        var snapshot = await harness.Manager.JoinMeetingAsync(request, new RecordingHandler(), CancellationToken.None);

        Assert.Same(request, harness.Platform.Recorder.SingleArgument<MeetingJoinRequest>(nameof(ICallingPlatform.JoinMeetingAsync)));
        Assert.Equal("meeting-call", snapshot.CallId);
        Assert.Equal("joined meeting as guest", Assert.Single(snapshot.RecentEvents).Detail);
    }

    [Fact]
    public async Task CreateCallAsync_EventsArriveBeforeRegistration_HeldAndReplayedInOrder()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = harness.Platform.PrepareOutbound("out-1");
        harness.Platform.Recorder.Hang(nameof(ICallingPlatform.CreateCallAsync));
        var placing = harness.Manager.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User("user-1")] }, handler, CancellationToken.None);
        await Eventually.UntilAsync(() => harness.Platform.Recorder.Count(nameof(ICallingPlatform.CreateCallAsync)) == 1, "create call sent");

        call.RaiseState(CallState.Establishing);
        call.RaiseState(CallState.Established);
        call.RaiseParticipants(joined: [new ParticipantInfo("p-1", ParticipantIdentity.User("user-1"))]);
        Assert.Equal(3, harness.Logger.WithEvent("EventHeld").Count);
        Assert.Empty(handler.Calls);

        harness.Platform.Recorder.Release(nameof(ICallingPlatform.CreateCallAsync));
        await Eventually.WithinAsync(placing, "create call");

        await Eventually.UntilAsync(() => handler.Calls.Count == 2, "replayed events");
        Assert.Equal(["Established", "Joined:p-1"], handler.Calls);
        Assert.Equal(CallState.Established, harness.Manager.GetCall("out-1")!.State);
    }

    [Fact]
    public async Task CreateCallAsync_PlatformFails_PropagatesAndHoldsNoCall()
    {
        await using var harness = new CallManagerHarness();
        harness.Platform.Recorder.Fail(nameof(ICallingPlatform.CreateCallAsync), new HttpRequestException("403 forbidden"));

        await Assert.ThrowsAsync<HttpRequestException>(() => harness.Manager.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User("user-1")] }, new RecordingHandler(), CancellationToken.None));

        Assert.Equal(0, harness.Manager.ActiveCallCount);
        Assert.Empty(harness.Manager.ListCalls());
    }

    [Fact]
    public async Task CreateCallAsync_AtMaxConcurrentCalls_Throws()
    {
        await using var harness = new CallManagerHarness(o => o.MaxConcurrentCalls = 1);
        await harness.PlaceAsync("out-1", new RecordingHandler());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.PlaceAsync("out-2", new RecordingHandler()));

        Assert.Equal("The bot holds 1 calls, its configured maximum.", error.Message);
        Assert.Equal(1, harness.Platform.Recorder.Count(nameof(ICallingPlatform.CreateCallAsync)));
    }

    [Fact]
    public async Task CreateCallAsync_WhileDraining_Throws()
    {
        await using var harness = new CallManagerHarness();
        await harness.Manager.DrainAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.PlaceAsync("out-1", new RecordingHandler()));

        Assert.Equal("The bot is draining and does not start new calls.", error.Message);
    }

    [Fact]
    public async Task CreateCallAsync_EventsRacingRegistration_NoneLost()
    {
        await using var harness = new CallManagerHarness();
        var handlers = new List<RecordingHandler>();
        for (var i = 0; i < 300; i++)
        {
            var handler = new RecordingHandler();
            handlers.Add(handler);
            var call = harness.Platform.PrepareOutbound($"out-{i}");
            var request = new OutboundCallRequest { Targets = [ParticipantIdentity.User("user-1")] };
            var placing = Task.Run(() => harness.Manager.CreateCallAsync(request, handler, CancellationToken.None));
            var raising = Task.Run(() =>
            {
                call.RaiseState(CallState.Established);
                call.RaiseParticipants(joined: [new ParticipantInfo("p-1", ParticipantIdentity.User("user-1"))]);
            });
            await Eventually.WithinAsync(Task.WhenAll(placing, raising), $"placing out-{i}");
        }

        await Eventually.UntilAsync(() => handlers.All(h => h.Calls.Count == 2), "all events delivered");
        Assert.All(handlers, h => Assert.Equal(["Established", "Joined:p-1"], h.Calls.Order(StringComparer.Ordinal)));
    }
}
