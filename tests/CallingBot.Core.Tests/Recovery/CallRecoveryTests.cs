using CallingBot.Core.Calls;
using CallingBot.Core.Manager;
using CallingBot.Core.Platform;
using CallingBot.Core.Recovery;
using CallingBot.Core.Registry;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Core.Tests.Manager;
using CallingBot.Testing;

namespace CallingBot.Core.Tests.Recovery;

public sealed class CallRecoveryTests
{
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_established_call_is_recorded_with_its_handler_and_saved_state_and_forgotten_when_it_ends()
    {
        var store = new InMemoryLiveCallStore();
        await using var harness = new CallManagerHarness(liveCalls: store);
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);

        var record = await Eventually.UntilAsync(() => store.FindAsync("call-1", default).AsTask().Result, "the established call is recorded");
        Assert.Equal(typeof(RecordingHandler).FullName, record.Handler);
        Assert.Equal(CallDirection.Incoming, record.Direction);
        Assert.NotNull(record.EstablishedAt);

        await handler.Context!.SaveStateAsync(new Dictionary<string, string> { ["step"] = "menu" });
        Assert.Equal("menu", (await store.FindAsync("call-1", default))!.State["step"]);
        Assert.Equal("menu", handler.Context.SavedState["step"]);

        await harness.EndAsync(call);
        await Eventually.UntilAsync(() => store.FindAsync("call-1", default).AsTask().Result is null, "the ended call's record is removed");
    }

    [Fact]
    public async Task A_call_a_drain_dropped_without_the_services_confirmation_keeps_its_record_for_the_next_start()
    {
        var store = new InMemoryLiveCallStore();
        await using var harness = new CallManagerHarness(liveCalls: store);
        var confirmed = await harness.ConnectAsync("confirmed", new RecordingHandler());
        var unconfirmed = await harness.ConnectAsync("unconfirmed", new RecordingHandler());
        await Eventually.UntilAsync(() => store.LoadAllAsync(default).AsTask().Result.Count == 2, "both established calls are recorded");

        var drain = harness.Manager.DrainAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        await Eventually.UntilAsync(() => unconfirmed.Recorder.Count(nameof(IPlatformCall.HangUpAsync)) == 1 && confirmed.Recorder.Count(nameof(IPlatformCall.HangUpAsync)) == 1, "both calls are hung up");
        confirmed.RaiseEnded();
        await harness.WaitRemovedAsync("confirmed");
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await Eventually.WithinAsync(drain, "the drain drops the unconfirmed call");

        // Disposing the manager writes out everything the journal holds.
        await harness.Manager.DisposeAsync();
        Assert.Null(await store.FindAsync("confirmed", default));
        Assert.NotNull(await store.FindAsync("unconfirmed", default));
    }

    [Fact]
    public async Task Saved_state_over_the_limits_is_refused_and_the_previous_state_stays()
    {
        await using var harness = new CallManagerHarness(liveCalls: new InMemoryLiveCallStore());
        var handler = new RecordingHandler();
        await harness.ConnectAsync("call-1", handler);
        var context = handler.Context!;
        await context.SaveStateAsync(new Dictionary<string, string> { ["step"] = "one" });

        var tooMany = Enumerable.Range(0, 65).ToDictionary(i => $"k{i}", _ => "v");
        await Assert.ThrowsAsync<ArgumentException>(() => context.SaveStateAsync(tooMany));
        await Assert.ThrowsAsync<ArgumentException>(() => context.SaveStateAsync(new Dictionary<string, string> { [new string('k', 129)] = "v" }));
        await Assert.ThrowsAsync<ArgumentException>(() => context.SaveStateAsync(new Dictionary<string, string> { ["big"] = new string('v', 16 * 1024) }));
        Assert.Equal("one", context.SavedState["step"]);
    }

    [Fact]
    public async Task A_recorded_established_call_is_taken_over_by_the_routers_handler_which_gets_the_saved_state_and_keeps_the_call_alive()
    {
        var store = new InMemoryLiveCallStore();
        await store.SaveAsync(Record("call-1", MediaHosting.ServiceHosted, new Dictionary<string, string> { ["step"] = "menu" }), default);
        await using var harness = new CallManagerHarness(o => o.KeepAliveInterval = TimeSpan.FromMinutes(10), liveCalls: store);
        var call = harness.Platform.PutAtService("call-1");
        var handler = new RecordingHandler();
        harness.Router.Adopt = _ => handler;

        await harness.Manager.RecoverAsync(CancellationToken.None);
        await Eventually.UntilAsync(() => handler.Calls.Contains("Adopted"), "the adopted call's handler gets OnAdoptedAsync");

        var adopted = Assert.Single(harness.Router.Adopted);
        Assert.Equal(AdoptionReason.Restart, adopted.Reason);
        Assert.Equal("menu", adopted.SavedState["step"]);
        Assert.Equal(Created, adopted.CreatedAt);
        Assert.Equal("menu", handler.Context!.SavedState["step"]);
        Assert.Equal(CallState.Established, handler.Context.State);
        Assert.Single(handler.Context.Participants);
        Assert.Equal(CallStatus.Live, harness.Registry.GetStatus("call-1"));

        // The adapter reports the state it found; the adopted call is established already, so nothing is replayed.
        call.RaiseState(CallState.Established);
        harness.Time.Advance(TimeSpan.FromMinutes(10));
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.KeepAliveAsync)) == 1, "keepAlive resumes on the adopted call");
        Assert.DoesNotContain("Established", handler.Calls);

        await harness.EndAsync(call);
        Assert.Equal("adopted", harness.SingleRecord("call-1").Outcome);
        await Eventually.UntilAsync(() => store.FindAsync("call-1", default).AsTask().Result is null, "the adopted call's record goes when it ends");
    }

    [Fact]
    public async Task A_router_without_a_handler_for_a_taken_over_call_has_it_hung_up()
    {
        var store = new InMemoryLiveCallStore();
        await store.SaveAsync(Record("call-1", MediaHosting.ServiceHosted), default);
        await using var harness = new CallManagerHarness(liveCalls: store);
        var call = harness.Platform.PutAtService("call-1");

        await harness.Manager.RecoverAsync(CancellationToken.None);
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)) == 1, "the call nobody continues is hung up");
        await harness.EndAsync(call);
        Assert.Equal(CallTermination.NotTakenOver, harness.SingleRecord("call-1").Termination);
    }

    [Theory]
    [InlineData(MediaHosting.AppHosted, CallState.Established, RecoveryAction.Adopt)]
    [InlineData(MediaHosting.ServiceHosted, CallState.Established, RecoveryAction.HangUp)]
    [InlineData(MediaHosting.ServiceHosted, CallState.Establishing, RecoveryAction.Adopt)]
    public async Task A_recorded_call_that_cannot_or_must_not_continue_is_hung_up_without_asking_the_router(MediaHosting media, CallState state, RecoveryAction action)
    {
        var store = new InMemoryLiveCallStore();
        await store.SaveAsync(Record("call-1", media), default);
        await using var harness = new CallManagerHarness(liveCalls: store, recovery: new CallRecoveryOptions { OnRestart = action });
        var call = harness.Platform.PutAtService("call-1", state, media: media);
        harness.Router.Adopt = _ => new RecordingHandler();

        await harness.Manager.RecoverAsync(CancellationToken.None);

        Assert.Equal(1, call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
        Assert.Empty(harness.Router.Adopted);
        Assert.Equal(CallStatus.Ended, harness.Registry.GetStatus("call-1"));
        Assert.Equal(0, harness.Manager.ActiveCallCount);
        Assert.Equal("hung-up-on-recovery", harness.SingleRecord("call-1").Outcome);
        await Eventually.UntilAsync(() => store.FindAsync("call-1", default).AsTask().Result is null, "the hung-up call's record is removed");
    }

    [Fact]
    public async Task A_recorded_call_the_service_no_longer_has_is_forgotten()
    {
        var store = new InMemoryLiveCallStore();
        await store.SaveAsync(Record("call-1", MediaHosting.ServiceHosted), default);
        await using var harness = new CallManagerHarness(liveCalls: store);

        await harness.Manager.RecoverAsync(CancellationToken.None);

        Assert.Equal(CallStatus.Ended, harness.Registry.GetStatus("call-1"));
        Assert.Empty(harness.Router.Adopted);
        await Eventually.UntilAsync(() => store.FindAsync("call-1", default).AsTask().Result is null, "the record of a call gone at the service is removed");
    }

    [Fact]
    public async Task A_call_the_service_could_not_be_asked_about_keeps_its_record_and_is_tried_again_by_a_notification()
    {
        var store = new InMemoryLiveCallStore();
        await store.SaveAsync(Record("call-1", MediaHosting.ServiceHosted), default);
        await using var harness = new CallManagerHarness(liveCalls: store);
        harness.Platform.Recorder.Fail(nameof(ICallingPlatform.RehydrateAsync), new PlatformException(PlatformErrorKind.Unavailable, "Graph is down"));

        await harness.Manager.RecoverAsync(CancellationToken.None);
        Assert.NotNull(await store.FindAsync("call-1", default));
        Assert.Equal(CallStatus.Unknown, harness.Registry.GetStatus("call-1"));

        harness.Platform.Recorder.Heal(nameof(ICallingPlatform.RehydrateAsync));
        harness.Platform.PutAtService("call-1");
        var handler = new RecordingHandler();
        harness.Router.Adopt = _ => handler;
        harness.Manager.ReconcileUnknownCall("call-1", "tenant-1");
        await Eventually.UntilAsync(() => handler.Calls.Contains("Adopted"), "a notification for the call makes the bot try again and take it over");
        Assert.Equal(AdoptionReason.Restart, Assert.Single(harness.Router.Adopted).Reason);
    }

    [Fact]
    public async Task A_flood_of_unknown_call_ids_queues_a_bounded_number_of_reconciliations()
    {
        await using var harness = new CallManagerHarness(liveCalls: new InMemoryLiveCallStore(), recovery: new CallRecoveryOptions { MaxConcurrentReconciliations = 1 });
        harness.Platform.Recorder.Hang(nameof(ICallingPlatform.RehydrateAsync));

        for (var i = 0; i < 100; i++)
        {
            harness.Manager.ReconcileUnknownCall($"made-up-{i}", "tenant-1");
        }

        await Eventually.UntilAsync(() => harness.Platform.Recorder.Count(nameof(ICallingPlatform.RehydrateAsync)) == 1, "the one slot asks the service about the first call");
        harness.Platform.Recorder.Release(nameof(ICallingPlatform.RehydrateAsync));
        await Eventually.UntilAsync(() => harness.Platform.Recorder.Count(nameof(ICallingPlatform.RehydrateAsync)) == 8, "only the calls that found room are asked about");
        Assert.Equal(8, Enumerable.Range(0, 100).Count(i => harness.Registry.GetStatus($"made-up-{i}") == CallStatus.Ended));

        // A deferred call is reconciled at its next notification.
        harness.Manager.ReconcileUnknownCall("made-up-99", "tenant-1");
        await Eventually.UntilAsync(() => harness.Registry.GetStatus("made-up-99") == CallStatus.Ended, "the deferred call's next notification reconciles it");
    }

    [Fact]
    public async Task An_unknown_call_is_not_reconciled_while_a_call_is_being_placed()
    {
        await using var harness = new CallManagerHarness(liveCalls: new InMemoryLiveCallStore());
        harness.Platform.PutAtService("call-1");
        using (harness.Registry.BeginPlacing("tenant-1"))
        {
            harness.Manager.ReconcileUnknownCall("call-1", "tenant-1");
        }

        Assert.Equal(0, harness.Platform.Recorder.Count(nameof(ICallingPlatform.RehydrateAsync)));
        Assert.Equal(CallStatus.Unknown, harness.Registry.GetStatus("call-1"));
    }

    [Fact]
    public async Task Ending_a_call_the_manager_does_not_hold_hangs_it_up_at_the_service_or_reports_it_missing()
    {
        await using var harness = new CallManagerHarness();
        var call = harness.Platform.PutAtService("call-1");

        Assert.True(await harness.Manager.EndCallAsync("call-1", "tenant-1", CancellationToken.None));
        Assert.Equal(1, call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
        Assert.Empty(harness.Router.Adopted);
        Assert.False(await harness.Manager.EndCallAsync("call-1", "tenant-1", CancellationToken.None));
        Assert.False(await harness.Manager.EndCallAsync("never-seen", "tenant-1", CancellationToken.None));
    }

    [Fact]
    public async Task TakeOver_of_a_lost_instances_recorded_app_hosted_call_reports_the_recording_failed_then_hangs_up_and_records_it()
    {
        var store = new InMemoryLiveCallStore();
        await store.SaveAsync(Record("call-1", MediaHosting.AppHosted) with { RecordingStatus = RecordingStatus.Recording }, default);
        await using var harness = new CallManagerHarness(liveCalls: store, recovery: new CallRecoveryOptions());
        var call = harness.Platform.PutAtService("call-1", CallState.Established, media: MediaHosting.AppHosted);
        harness.Router.Adopt = _ => new RecordingHandler();

        var result = await harness.Manager.TakeOverAsync("call-1", "tenant-1", AdoptionReason.InstanceLost, CancellationToken.None);

        Assert.Equal(TakeOverResult.HungUp, result);
        Assert.Equal([nameof(IPlatformCall.UpdateRecordingStatusAsync), nameof(IPlatformCall.HangUpAsync)], call.Recorder.Names);
        Assert.Equal(RecordingStatus.Failed, call.Recorder.SingleArgument<RecordingStatus>(nameof(IPlatformCall.UpdateRecordingStatusAsync)));
        Assert.Empty(harness.Router.Adopted);
        Assert.Equal("hung-up-on-failover", harness.SingleRecord("call-1").Outcome);
        Assert.Equal(CallTermination.NotTakenOver.Code, harness.SingleRecord("call-1").Termination!.Code);
    }

    [Fact]
    public async Task A_recorded_call_keeps_its_recording_status_in_its_record()
    {
        var store = new InMemoryLiveCallStore();
        await using var harness = new CallManagerHarness(liveCalls: store);
        var handler = new RecordingHandler();
        await harness.ConnectAsync("call-1", handler);
        await Eventually.UntilAsync(() => store.FindAsync("call-1", default).AsTask().Result is not null, "the established call is recorded");

        await handler.Context!.UpdateRecordingStatusAsync(RecordingStatus.Recording);

        await Eventually.UntilAsync(() => store.FindAsync("call-1", default).AsTask().Result?.RecordingStatus == RecordingStatus.Recording, "the record says the call is being recorded");
    }

    [Fact]
    public async Task HandOver_releases_an_established_call_without_hanging_up_keeps_its_record_and_another_manager_takes_it_over_with_its_state()
    {
        var store = new InMemoryLiveCallStore();
        FakePlatformCall first;
        RecordingHandler previous = new();
        await using (var stopping = new CallManagerHarness(liveCalls: store))
        {
            first = await stopping.ConnectAsync("call-1", previous);
            await previous.Context!.SaveStateAsync(new Dictionary<string, string> { ["step"] = "menu" });

            Assert.True(await stopping.Manager.HandOverAsync("call-1", CancellationToken.None));

            Assert.Equal(0, stopping.Manager.ActiveCallCount);
            Assert.Equal(0, first.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
            Assert.Equal(1, first.ReleaseCount);
            Assert.Equal(CallTermination.HandedOver, previous.Termination);
            Assert.False(await stopping.Manager.HandOverAsync("call-1", CancellationToken.None), "a call no longer held cannot be handed over again");
            await stopping.Manager.DisposeAsync();
        }

        var record = await store.FindAsync("call-1", default);
        Assert.NotNull(record);
        Assert.Equal("menu", record.State["step"]);

        await using var taking = new CallManagerHarness(liveCalls: store, recovery: new CallRecoveryOptions());
        var call = taking.Platform.PutAtService("call-1", CallState.Established);
        var successor = new RecordingHandler();
        taking.Router.Adopt = _ => successor;

        Assert.Equal(TakeOverResult.Adopted, await taking.Manager.TakeOverAsync("call-1", "tenant-1", AdoptionReason.HandedOver, CancellationToken.None));

        var adopted = await Eventually.UntilAsync(() => taking.Router.Adopted.FirstOrDefault(), "the router is asked to take the call over");
        Assert.Equal(AdoptionReason.HandedOver, adopted.Reason);
        Assert.Equal("menu", adopted.SavedState["step"]);
        Assert.Equal(0, call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
        Assert.Equal(1, taking.Manager.ActiveCallCount);
    }

    [Fact]
    public async Task Drain_with_a_hand_over_gives_it_the_established_service_hosted_calls_first_and_drains_the_rest()
    {
        var store = new InMemoryLiveCallStore();
        await using var harness = new CallManagerHarness(liveCalls: store);
        var movable = await harness.ConnectAsync("movable", new RecordingHandler());
        var offered = new List<string>();

        var drain = harness.Manager.DrainAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), async (callIds, ct) =>
        {
            offered.AddRange(callIds);
            foreach (var callId in callIds)
            {
                await harness.Manager.HandOverAsync(callId, ct);
            }
        }, CancellationToken.None);

        await Eventually.WithinAsync(drain, "the drain ends once the only call was handed over");
        Assert.Equal(["movable"], offered);
        Assert.Equal(0, movable.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
        Assert.Equal(0, harness.Manager.ActiveCallCount);
        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Manager.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User("u")] }, new RecordingHandler(), CancellationToken.None));
    }

    private static LiveCallRecord Record(string callId, MediaHosting media, Dictionary<string, string>? state = null) =>
        new(callId, "tenant-1", CallDirection.Incoming, media, Created, Created.AddSeconds(2), "Previous.Handler", state ?? []);
}
