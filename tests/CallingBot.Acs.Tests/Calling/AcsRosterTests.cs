using System.Text;
using System.Text.Json.Nodes;
using CallingBot.Acs.Calling;
using CallingBot.Acs.Tests.Infrastructure;
using CallingBot.Core.Calls;
using CallingBot.Core.Platform;
using CallingBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallingBot.Acs.Tests.Calling;

/// <summary>ParticipantsUpdated (the whole roster, with a sequence number) turned into Core's ParticipantsChanged.</summary>
public sealed class AcsRosterTests
{
    private const string Bot = "8:acs:b9614373-fd0b-480c-8fd2-cb58b70eab9f_da7be3a9-8788-42a6-85c6-56b2cf784fce";
    private const string Target = "8:acs:target-carol";

    [Fact]
    public async Task ParticipantsUpdated_RosterSnapshots_RaiseJoinedUpdatedAndLeftDifferences()
    {
        await using var scene = await Scene.StartAsync(autoConnect: false);
        var callId = scene.Call.CallId;

        scene.Deliver(Roster(callId, 1, (Bot, false), (Target, false)));
        scene.Deliver(Roster(callId, 2, (Bot, false), (Target, true), ("+14250123456", false)));
        scene.Deliver(Roster(callId, 3, (Bot, false), ("+14250123456", false)));

        var changes = scene.Sink.Rosters();
        Assert.Equal(3, changes.Count);
        Assert.Equal([Bot, Target], changes[0].Joined.Select(p => p.Id));
        Assert.Empty(changes[0].Left);
        Assert.Equal(["+14250123456"], changes[1].Joined.Select(p => p.Id));
        Assert.Equal(IdentityKind.Phone, changes[1].Joined[0].Identity.Kind);
        var muted = Assert.Single(changes[1].Updated);
        Assert.Equal(Target, muted.Id);
        Assert.True(muted.IsMuted);
        Assert.Equal([Target], changes[2].Left.Select(p => p.Id));
        Assert.Empty(changes[2].Joined);
    }

    [Fact]
    public async Task ParticipantsUpdated_OlderSequenceNumberArrivesLate_IsIgnored()
    {
        await using var scene = await Scene.StartAsync(autoConnect: false);
        var callId = scene.Call.CallId;

        scene.Deliver(Roster(callId, 5, (Bot, false), (Target, false), ("8:acs:dave", false)));
        scene.Deliver(Roster(callId, 4, (Bot, false), (Target, false)));
        scene.Deliver(Roster(callId, 5, (Bot, false)));
        scene.Deliver(Roster(callId, 6, (Bot, false), (Target, false)));

        var changes = scene.Sink.Rosters();
        Assert.Equal(2, changes.Count);
        Assert.Equal([Bot, Target, "8:acs:dave"], changes[0].Joined.Select(p => p.Id));
        Assert.Equal(["8:acs:dave"], changes[1].Left.Select(p => p.Id));
    }

    [Fact]
    public async Task Emulator_ConnectAddMuteRemove_SendsParticipantsUpdatedThatBecomeRosterChanges()
    {
        await using var scene = await Scene.StartAsync(autoConnect: true);
        var call = scene.Call;
        await Eventually.UntilAsync(() => scene.Sink.Rosters().Count == 1, "ParticipantsUpdated after CallConnected");
        Assert.Equal([Bot, Target], scene.Sink.Rosters()[0].Joined.Select(p => p.Id));

        await call.InviteAsync(ParticipantIdentity.User("8:acs:dave"), CancellationToken.None);
        await Eventually.UntilAsync(() => scene.Sink.Rosters().Count == 2, "ParticipantsUpdated after the participant was added");
        scene.Environment.Emulator.AcsControl.SetMuted(call.CallId, "8:acs:dave", muted: true);
        await Eventually.UntilAsync(() => scene.Sink.Rosters().Count == 3, "ParticipantsUpdated after the participant muted itself");
        await call.RemoveParticipantAsync("8:acs:dave", CancellationToken.None);
        await Eventually.UntilAsync(() => scene.Sink.Rosters().Count == 4, "ParticipantsUpdated after the participant was removed");

        var changes = scene.Sink.Rosters();
        Assert.Equal(["8:acs:dave"], changes[1].Joined.Select(p => p.Id));
        Assert.Equal(["8:acs:dave"], changes[2].Updated.Select(p => p.Id));
        Assert.True(changes[2].Updated[0].IsMuted);
        Assert.Equal(["8:acs:dave"], changes[3].Left.Select(p => p.Id));
        Assert.Equal([Bot, Target], scene.Environment.Emulator.AcsControl.FindCall(call.CallId)!.Participants);
    }

    [Fact]
    public async Task MuteParticipantAsync_ParticipantInTheCall_SendsParticipantsMuteAndTheRosterReportsItMuted()
    {
        await using var scene = await Scene.StartAsync(autoConnect: true);
        var call = scene.Call;
        await Eventually.UntilAsync(() => scene.Sink.Rosters().Count == 1, "ParticipantsUpdated after CallConnected");

        await call.MuteParticipantAsync(Target, CancellationToken.None);

        await Eventually.UntilAsync(() => scene.Sink.Rosters().Count == 2, "ParticipantsUpdated after the mute");
        var muted = Assert.Single(scene.Sink.Rosters()[1].Updated);
        Assert.Equal(Target, muted.Id);
        Assert.True(muted.IsMuted);
        var snapshot = scene.Environment.Emulator.AcsControl.FindCall(call.CallId)!;
        Assert.Equal("participants:mute", snapshot.Actions[^1]);
        var body = JsonNode.Parse(snapshot.ActionBodies[^1])!;
        Assert.Equal(Target, (string?)body["targetParticipants"]![0]!["communicationUser"]!["id"]);
        Assert.StartsWith(call.CallId + "/", (string?)body["operationContext"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task MuteParticipantAsync_UnknownParticipant_ThrowsNotFound()
    {
        await using var scene = await Scene.StartAsync(autoConnect: true);
        await Eventually.UntilAsync(() => scene.Sink.Rosters().Count == 1, "ParticipantsUpdated after CallConnected");

        var failure = await Assert.ThrowsAsync<PlatformException>(() => scene.Call.MuteParticipantAsync("8:acs:nobody", CancellationToken.None));

        Assert.Equal(PlatformErrorKind.NotFound, failure.Kind);
    }

    private static byte[] Roster(string callConnectionId, long sequence, params (string Id, bool Muted)[] participants)
    {
        var items = new JsonArray();
        foreach (var (id, muted) in participants)
        {
            var identifier = id.StartsWith('+')
                ? new JsonObject { ["kind"] = "phoneNumber", ["rawId"] = "4:" + id, ["phoneNumber"] = new JsonObject { ["value"] = id } }
                : new JsonObject { ["kind"] = "communicationUser", ["rawId"] = id, ["communicationUser"] = new JsonObject { ["id"] = id } };
            items.Add(new JsonObject { ["identifier"] = identifier, ["isMuted"] = muted, ["isOnHold"] = false });
        }

        var data = new JsonObject { ["callConnectionId"] = callConnectionId, ["participants"] = items, ["sequenceNumber"] = sequence };
        return Encoding.UTF8.GetBytes(new JsonArray(new JsonObject { ["type"] = "Microsoft.Communication.ParticipantsUpdated", ["data"] = data }).ToJsonString());
    }

    private sealed class Scene : IAsyncDisposable
    {
        private AcsCallingPlatform _platform = null!;
        private CallbackReceiver _receiver = null!;

        public AcsEmulatorEnvironment Environment { get; private set; } = null!;

        public RecordingSink Sink { get; } = new();

        public AcsPlatformCall Call { get; private set; } = null!;

        public static async Task<Scene> StartAsync(bool autoConnect)
        {
            var scene = new Scene { Environment = await AcsEmulatorEnvironment.StartAsync(autoConnect) };
            scene._receiver = await CallbackReceiver.StartAsync(scene.Environment.Emulator.TlsCertificate);
            var options = scene.Environment.CreateOptions(scene._receiver.CallbackUri);
            scene._platform = new AcsCallingPlatform(scene.Environment.CreateClient(options), Options.Create(options), NullLogger<AcsCallingPlatform>.Instance);
            scene._platform.Attach(scene.Sink);
            scene._receiver.Forward = body => scene._platform.ProcessCallbackEvents(body);
            scene.Call = (AcsPlatformCall)await scene._platform.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User(Target)] }, CancellationToken.None);
            return scene;
        }

        public void Deliver(byte[] body) => _platform.ProcessCallbackEvents(body);

        public async ValueTask DisposeAsync()
        {
            await _receiver.DisposeAsync();
            await Environment.DisposeAsync();
        }
    }

    private sealed class RecordingSink : ICallEventSink
    {
        private readonly List<CallEvent> _events = [];

        public List<ParticipantsChanged> Rosters()
        {
            lock (_events)
            {
                return [.. _events.OfType<ParticipantsChanged>()];
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
