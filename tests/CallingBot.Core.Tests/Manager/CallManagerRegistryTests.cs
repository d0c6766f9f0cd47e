using CallingBot.Core.Calls;
using CallingBot.Core.Meetings;
using CallingBot.Core.Platform;
using CallingBot.Core.Registry;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Testing;

namespace CallingBot.Core.Tests.Manager;

/// <summary>The call manager records calls in the <see cref="ICallRegistry"/> and asks it about ended calls.</summary>
public sealed class CallManagerRegistryTests
{
    [Fact]
    public async Task IncomingCall_HeldThenEnded_IsLiveWithItsTenantThenEndedAndReleased()
    {
        await using var harness = new CallManagerHarness();
        var call = await harness.ConnectAsync("call-1", new RecordingHandler());

        Assert.Equal(CallStatus.Live, harness.Registry.GetStatus("call-1"));
        Assert.Equal("tenant-1", harness.Registry.GetTenant("call-1"));
        Assert.True(harness.Registry.HasLiveCalls("tenant-1"));

        await harness.EndAsync(call);

        Assert.Equal(CallStatus.Ended, harness.Registry.GetStatus("call-1"));
        Assert.False(harness.Registry.HasLiveCalls("tenant-1"));
        Assert.Equal(0, harness.Registry.LiveCount);
        Assert.Equal(1, call.ReleaseCount);
    }

    [Fact]
    public async Task IncomingCall_IdTheRegistryKnowsEnded_IsIgnoredWithoutRouting()
    {
        await using var harness = new CallManagerHarness();
        harness.Registry.MarkEnded("CALL-1");

        harness.RaiseIncoming("call-1");

        Assert.Equal(0, harness.Manager.ActiveCallCount);
        Assert.Empty(harness.Router.Requests);
        Assert.Single(harness.Logger.WithEvent("DuplicateIncoming"));
        Assert.Equal(CallStatus.Ended, harness.Registry.GetStatus("call-1"));
    }

    [Fact]
    public async Task CallEvent_ForCallTheRegistryKnowsEnded_IsDroppedNotHeld()
    {
        await using var harness = new CallManagerHarness();
        harness.Registry.MarkEnded("gone-1");

        harness.Platform.Raise(new CallStateChanged("gone-1", CallState.Established));

        Assert.Single(harness.Logger.WithEvent("EventAfterEnd"));
        Assert.Empty(harness.Logger.WithEvent("EventHeld"));
    }

    [Fact]
    public async Task CreateCallAsync_WhileTheServiceCreatesTheCall_ItsTenantCountsAsLive()
    {
        await using var harness = new CallManagerHarness();
        harness.Platform.PrepareOutbound("out-1", tenantId: "tenant-9");
        harness.Platform.Recorder.Hang(nameof(ICallingPlatform.CreateCallAsync));
        var placing = harness.Manager.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User("user-1")], TenantId = "tenant-9" }, new RecordingHandler(), CancellationToken.None);
        await Eventually.UntilAsync(() => harness.Platform.Recorder.Count(nameof(ICallingPlatform.CreateCallAsync)) == 1, "create call sent");

        Assert.True(harness.Registry.HasLiveCalls("tenant-9"));
        Assert.False(harness.Registry.HasLiveCalls("tenant-other"));
        Assert.Equal(0, harness.Registry.LiveCount);

        harness.Platform.Recorder.Release(nameof(ICallingPlatform.CreateCallAsync));
        await Eventually.WithinAsync(placing, "create call");

        Assert.Equal(CallStatus.Live, harness.Registry.GetStatus("out-1"));
        Assert.Equal("tenant-9", harness.Registry.GetTenant("out-1"));
        Assert.False(harness.Registry.HasLiveCalls("tenant-other"));
    }

    [Fact]
    public async Task CreateCallAsync_NoTenantInTheRequest_EveryTenantCountsAsLiveUntilTheCallIsRegistered()
    {
        await using var harness = new CallManagerHarness();
        harness.Platform.PrepareOutbound("out-1", tenantId: "tenant-1");
        harness.Platform.Recorder.Hang(nameof(ICallingPlatform.CreateCallAsync));
        var placing = harness.Manager.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User("user-1")] }, new RecordingHandler(), CancellationToken.None);
        await Eventually.UntilAsync(() => harness.Platform.Recorder.Count(nameof(ICallingPlatform.CreateCallAsync)) == 1, "create call sent");

        Assert.True(harness.Registry.HasLiveCalls("any-tenant"));

        harness.Platform.Recorder.Release(nameof(ICallingPlatform.CreateCallAsync));
        await Eventually.WithinAsync(placing, "create call");

        Assert.False(harness.Registry.HasLiveCalls("any-tenant"));
        Assert.True(harness.Registry.HasLiveCalls("tenant-1"));
    }

    [Fact]
    public async Task CreateCallAsync_PlatformFails_LeavesNoPlacementBehind()
    {
        await using var harness = new CallManagerHarness();
        harness.Platform.Recorder.Fail(nameof(ICallingPlatform.CreateCallAsync), new PlatformException(PlatformErrorKind.Forbidden, "no permission"));

        await Assert.ThrowsAsync<PlatformException>(() => harness.Manager.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User("user-1")], TenantId = "tenant-9" }, new RecordingHandler(), CancellationToken.None));

        Assert.False(harness.Registry.HasLiveCalls("tenant-9"));
        Assert.Equal(0, harness.Registry.LiveCount);
    }

    [Fact]
    public async Task JoinMeetingAsync_MeetingCoordinates_PlacementCountsForTheOrganizersTenant()
    {
        await using var harness = new CallManagerHarness();
        harness.Platform.PrepareOutbound("join-1", tenantId: null);
        harness.Platform.Recorder.Hang(nameof(ICallingPlatform.JoinMeetingAsync));
        var coordinates = new CallingBot.Core.Meetings.MeetingCoordinates("19:meeting_abc@thread.v2", "0", "4b1f6a3e-1d2c-4b9a-9e0f-2a3b4c5d6e7f", "72f988bf-86f1-41af-91ab-2d7cd011db47");
        var joining = harness.Manager.JoinMeetingAsync(new MeetingJoinRequest { Coordinates = coordinates }, new RecordingHandler(), CancellationToken.None);
        await Eventually.UntilAsync(() => harness.Platform.Recorder.Count(nameof(ICallingPlatform.JoinMeetingAsync)) == 1, "join sent");

        Assert.True(harness.Registry.HasLiveCalls("72f988bf-86f1-41af-91ab-2d7cd011db47"));
        Assert.False(harness.Registry.HasLiveCalls("tenant-other"));

        harness.Platform.Recorder.Release(nameof(ICallingPlatform.JoinMeetingAsync));
        await Eventually.WithinAsync(joining, "join");

        Assert.Equal("72f988bf-86f1-41af-91ab-2d7cd011db47", harness.Registry.GetTenant("join-1"));
    }
}
