using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Testing;

namespace CallingBot.Core.Tests.Manager;

/// <summary>
/// Policy-based recording: joining participants are decided synchronously (the answer goes back in the response
/// to the notification), within the participant capacity the call was answered with, and reported to the handler.
/// </summary>
public sealed class CallManagerParticipantJoiningTests
{
    private static readonly ParticipantInfo Bob = new("p-bob", ParticipantIdentity.User("bob"));
    private static readonly ParticipantInfo Carol = new("p-carol", ParticipantIdentity.User("carol"));
    private static readonly ParticipantInfo Dave = new("p-dave", ParticipantIdentity.User("dave"));

    [Fact]
    public async Task OnParticipantJoining_WithinCapacity_AcceptsAndTellsHandler()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        await harness.ConnectAsync("call-1", handler, participantCapacity: 2);

        var accepted = harness.Platform.Sink.OnParticipantJoining("call-1", Bob);

        Assert.True(accepted);
        await Eventually.UntilAsync(() => handler.Calls.Count == 2, "joining callback");
        Assert.Equal(["Established", "Joining:p-bob:accepted"], handler.Calls);
    }

    [Fact]
    public async Task OnParticipantJoining_CapacityReached_Rejects()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        await harness.ConnectAsync("call-1", handler, participantCapacity: 2);

        var first = harness.Platform.Sink.OnParticipantJoining("call-1", Bob);
        var second = harness.Platform.Sink.OnParticipantJoining("call-1", Carol);

        Assert.True(first);
        Assert.False(second);
        await Eventually.UntilAsync(() => handler.Calls.Count == 3, "joining callbacks");
        Assert.Equal(["Established", "Joining:p-bob:accepted", "Joining:p-carol:rejected"], handler.Calls);
    }

    [Fact]
    public async Task OnParticipantJoining_AcceptedParticipantLeft_FreesCapacity()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler, participantCapacity: 2);
        Assert.True(harness.Platform.Sink.OnParticipantJoining("call-1", Bob));
        call.RaiseParticipants(joined: [Bob]);
        call.RaiseParticipants(left: [Bob]);
        await Eventually.UntilAsync(() => handler.Calls.Contains("Left:p-bob"), "leave callback");

        var accepted = harness.Platform.Sink.OnParticipantJoining("call-1", Carol);

        Assert.True(accepted);
    }

    [Fact]
    public async Task OnParticipantJoining_NoCapacityGiven_Rejects()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        await harness.ConnectAsync("call-1", handler);

        Assert.False(harness.Platform.Sink.OnParticipantJoining("call-1", Bob));
    }

    [Fact]
    public async Task OnParticipantJoining_HandlerOverrides_HandlerDecidesWithCounts()
    {
        await using var harness = new CallManagerHarness();
        var requests = new List<ParticipantJoiningRequest>();
        var handler = new RecordingHandler
        {
            AcceptJoining = request =>
            {
                requests.Add(request);
                return request.Participant.Id != Carol.Id;
            },
        };
        await harness.ConnectAsync("call-1", handler, participantCapacity: 5);

        Assert.True(harness.Platform.Sink.OnParticipantJoining("call-1", Bob));
        Assert.False(harness.Platform.Sink.OnParticipantJoining("call-1", Carol));
        Assert.True(harness.Platform.Sink.OnParticipantJoining("call-1", Dave));

        Assert.Equal([new ParticipantJoiningRequest(Bob, 1, 5), new ParticipantJoiningRequest(Carol, 2, 5), new ParticipantJoiningRequest(Dave, 2, 5)], requests);
    }

    [Fact]
    public async Task OnParticipantJoining_HandlerThrows_RejectsAndCountsFailure()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler { AcceptJoining = _ => throw new InvalidOperationException("policy lookup failed") };
        await harness.ConnectAsync("call-1", handler, participantCapacity: 3);

        var accepted = harness.Platform.Sink.OnParticipantJoining("call-1", Bob);

        Assert.False(accepted);
        Assert.Equal(1, harness.Measurements.Sum("callingbot.handlers.failures"));
        await Eventually.UntilAsync(() => handler.Calls.Count == 2, "joining callback");
        Assert.Equal("Joining:p-bob:rejected", handler.Calls[1]);
    }

    [Fact]
    public async Task OnParticipantJoining_UnknownCall_Rejects()
    {
        await using var harness = new CallManagerHarness();

        Assert.False(harness.Platform.Sink.OnParticipantJoining("no-such-call", Bob));
    }

    [Fact]
    public async Task OnParticipantJoining_CallEnded_Rejects()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler, participantCapacity: 3);
        call.RaiseState(CallState.Terminated);

        Assert.False(harness.Platform.Sink.OnParticipantJoining("call-1", Bob));
    }

    [Fact]
    public async Task OnParticipantJoining_Decided_RememberedInCallEvents()
    {
        await using var harness = new CallManagerHarness();
        await harness.ConnectAsync("call-1", new RecordingHandler(), participantCapacity: 2);

        harness.Platform.Sink.OnParticipantJoining("call-1", Bob);

        var snapshot = harness.Manager.GetCall("call-1")!;
        Assert.Contains(snapshot.RecentEvents, e => e.Kind == "participant-joining" && e.Detail == "user:bob accepted");
    }
}
