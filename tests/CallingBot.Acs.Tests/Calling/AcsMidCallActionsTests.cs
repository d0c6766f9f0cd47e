using System.Text.Json.Nodes;
using CallingBot.Acs.Calling;
using CallingBot.Acs.Tests.Infrastructure;
using CallingBot.Core.Calls;
using CallingBot.Core.Platform;
using CallingBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallingBot.Acs.Tests.Calling;

/// <summary>
/// The platform's mid-call verbs against the emulated Call Automation API: each action is sent, and completes only when
/// the event echoing its operationContext comes back through the callback.
/// </summary>
public sealed class AcsMidCallActionsTests
{
    private const string TargetId = "8:acs:target-carol";

    [Fact]
    public async Task InviteRemoveSendDtmfTransfer_EachCompletesOnItsEvent_AndTheTransferEndsTheBotsLeg()
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync();
        await using var receiver = await CallbackReceiver.StartAsync(environment.Emulator.TlsCertificate);
        var options = environment.CreateOptions(receiver.CallbackUri);
        var platform = new AcsCallingPlatform(environment.CreateClient(options), Options.Create(options), NullLogger<AcsCallingPlatform>.Instance);
        var sink = new Sink();
        platform.Attach(sink);
        receiver.Forward = body => platform.ProcessCallbackEvents(body);

        var call = (AcsPlatformCall)await platform.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User(TargetId)] }, CancellationToken.None);
        await Eventually.UntilAsync(() => sink.Has(new CallStateChanged(call.CallId, CallState.Established)), "CallConnected");

        await call.InviteAsync(ParticipantIdentity.User("8:acs:dave"), CancellationToken.None);
        await call.RemoveParticipantAsync("8:acs:dave", CancellationToken.None);
        await call.SendDtmfTonesAsync("12#", CancellationToken.None);
        await call.TransferAsync(new TransferOptions(ParticipantIdentity.Phone("+14255550123")), CancellationToken.None);

        await Eventually.UntilAsync(() => sink.Has(new CallRemoved(call.CallId)), "CallDisconnected after the transfer");
        var snapshot = environment.Emulator.AcsControl.FindCall(call.CallId)!;
        Assert.Equal(["participants:add", "participants:remove", "sendDtmfTones", "transferToParticipant"], snapshot.Actions);
        var add = JsonNode.Parse(snapshot.ActionBodies[0])!;
        Assert.Equal("8:acs:dave", (string?)add["participantToAdd"]!["communicationUser"]!["id"]);
        var dtmf = JsonNode.Parse(snapshot.ActionBodies[2])!;
        Assert.Equal("""["one","two","pound"]""", dtmf["tones"]!.ToJsonString());
        Assert.Equal(TargetId, (string?)dtmf["targetParticipant"]!["communicationUser"]!["id"]);
        var transfer = JsonNode.Parse(snapshot.ActionBodies[3])!;
        Assert.Equal("+14255550123", (string?)transfer["targetParticipant"]!["phoneNumber"]!["value"]);
        Assert.All(receiver.Authorizations, a => Assert.StartsWith("Bearer ey", a, StringComparison.Ordinal));
        Assert.Equal(
            ["CallConnected", "AddParticipantSucceeded", "RemoveParticipantSucceeded", "SendDtmfTonesCompleted", "CallTransferAccepted", "CallDisconnected"],
            receiver.Events.Select(e => ((string)e["type"]!)["Microsoft.Communication.".Length..]).Where(type => type != "ParticipantsUpdated"));
    }

    [Fact]
    public async Task PlayPromptsAsync_CallerHangsUpFirst_FailsTheWaitingPlayWhenTheCallIsReleased()
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync();
        await using var receiver = await CallbackReceiver.StartAsync(environment.Emulator.TlsCertificate);
        var options = environment.CreateOptions(receiver.CallbackUri);
        var platform = new AcsCallingPlatform(environment.CreateClient(options), Options.Create(options), NullLogger<AcsCallingPlatform>.Instance);
        var sink = new Sink();
        platform.Attach(sink);
        var call = (AcsPlatformCall)await platform.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User(TargetId)] }, CancellationToken.None);

        // The receiver does not forward events, so PlayCompleted never reaches the platform: the play waits until released.
        var play = call.PlayPromptsAsync([Prompt.FromUrl("https://media.contoso.example/hello.wav")], CancellationToken.None);
        await Eventually.UntilAsync(() => environment.Emulator.AcsControl.FindCall(call.CallId)!.PlayedPrompts.Count == 1, "play reaches the service");
        Assert.False(play.IsCompleted);
        call.Release();

        var failure = await Assert.ThrowsAsync<PlatformException>(() => play);
        Assert.Equal(PlatformErrorKind.NotFound, failure.Kind);
        Assert.Equal(0, platform.TrackedCallCount);
    }

    private sealed class Sink : ICallEventSink
    {
        private readonly List<CallEvent> _events = [];

        public bool Has(CallEvent callEvent)
        {
            lock (_events)
            {
                return _events.Contains(callEvent);
            }
        }

        public void OnIncomingCall(IPlatformCall call, IncomingCallInfo info) => throw new InvalidOperationException("No incoming calls in this test.");

        public void OnCallEvent(CallEvent callEvent)
        {
            lock (_events)
            {
                _events.Add(callEvent);
            }
        }

        public bool OnParticipantJoining(string callId, ParticipantInfo participant) => false;
    }
}
