using System.Text.Json.Nodes;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Http;

namespace CallingBot.Emulator.Calls;

/// <summary>The roster: what the bot reads, invites, mutes and removes, and who joins and leaves on the remote side.</summary>
internal sealed class CallParticipants(EmulatedCall call)
{
    private const string InviteType = "#microsoft.graph.inviteParticipantsOperation";
    private const string MuteType = "#microsoft.graph.muteParticipantOperation";

    /// <summary>GET participants.</summary>
    public JsonObject List(string serviceRoot) => call.Read(locked => locked.Roster.List(call.Id, serviceRoot));

    /// <summary>GET participants/{id}, or 404.</summary>
    public JsonObject Get(string? participantId, string serviceRoot) => call.Read(locked =>
    {
        var resource = CallResource.Participant(Require(locked, participantId), false);
        resource["@odata.context"] = serviceRoot + $"$metadata#communications/calls('{call.Id}')/participants/$entity";
        return resource;
    });

    /// <summary>
    /// The bot invites <paramref name="invitees"/>: they count against the participant limit while they ring, join
    /// (one roster update per batch answering at the same moment) and the operation completes once all responded.
    /// </summary>
    public OperationStart Invite(IReadOnlyList<CalleeTarget> invitees, JsonArray participants, string? clientContext, InviteReplacement? replacement = null)
    {
        var id = OperationResource.NewId();
        var running = call.Update(locked =>
        {
            locked.Require("invite", EmulatedCallState.Established);
            if (invitees.Count > 1 && locked.Record.Kind is CallKind.PeerToPeer or CallKind.Pstn)
            {
                // The invite page: inviting several participants in one request is supported for group calls only.
                throw GraphRequestException.BadRequest(
                    $"Invalid request: inviting {invitees.Count} participants in one request is supported for group calls only; this is a {(locked.Record.Kind == CallKind.Pstn ? "PSTN" : "peer-to-peer")} call ('participants').");
            }

            if (locked.Roster.Room() < invitees.Count)
            {
                throw GraphRequestException.BadRequest(
                    $"Invalid request: inviting {invitees.Count} participant(s) would give the call more than {EmulatorLimits.MaxParticipantsPerCall} participants besides the bot ('participants').");
            }

            locked.Roster.PendingJoins += invitees.Count;
            var operation = OperationResource.Create(call.Id, id, InviteType, clientContext, OperationResource.Running, null);
            operation["participants"] = participants.DeepClone();
            locked.Record.Operations[id] = operation;
            return operation.DeepClone().AsObject();
        });
        return new OperationStart(running, () => Ring(invitees, participants, clientContext, id, replacement));
    }

    /// <summary>The bot mutes a participant: completed at once (the participant mute page), the roster follows.</summary>
    public OperationStart Mute(string? participantId, string? clientContext)
    {
        call.Read(locked => Require(locked, participantId));
        return call.Media.CompleteAtOnce("mute", MuteType, clientContext, locked =>
        {
            var participant = Require(locked, participantId);
            if (participant.IsMuted)
            {
                return null;
            }

            participant.IsMuted = true;
            return [participant];
        });
    }

    /// <summary>startHoldMusic / stopHoldMusic: the participant is put on (or taken off) hold once the operation completes.</summary>
    public OperationStart HoldMusic(string? participantId, bool start, string? clientContext)
    {
        var name = start ? "startHoldMusic" : "stopHoldMusic";
        var participant = call.Read(locked => Require(locked, participantId));
        if (participant.IsBot)
        {
            throw GraphRequestException.BadRequest($"Invalid request: the application cannot {(start ? "put itself on hold" : "take itself off hold")}; address another participant.");
        }

        return call.Media.Start(name, start ? "#microsoft.graph.startHoldMusicOperation" : "#microsoft.graph.stopHoldMusicOperation", clientContext, TimeSpan.Zero, locked =>
        {
            participant.IsOnHold = start;
            locked.RecordEvent($"Participant {participant.Id} {(start ? "put on hold with music" : "taken off hold")}.");
        });
    }

    /// <summary>configureMixer (beta): every participant named must be in the call; the levels are recorded, not mixed.</summary>
    public OperationStart ConfigureMixer(IReadOnlyList<(string Participant, string Path)> participants, string? clientContext)
    {
        call.Read(locked =>
        {
            foreach (var (participant, path) in participants)
            {
                if (locked.Roster.Find(participant) is null)
                {
                    throw GraphRequestException.BadRequest($"Invalid request: '{path}' ('{participant}') is not a participant of call '{call.Id}'.");
                }
            }

            return true;
        });
        return call.Media.Start("configureMixer", "#microsoft.graph.commsOperation", clientContext, TimeSpan.Zero,
            locked => locked.RecordEvent($"Bot configured the mixer for {participants.Count} participant reference(s)."));
    }

    /// <summary>muteAll (beta): completed at once (the reference page's response); the roster follows after the response.</summary>
    public OperationStart MuteAll(IReadOnlyList<string> participantIds, string? clientContext)
    {
        List<EmulatedParticipant> changed = [];
        var completed = call.Update(locked =>
        {
            locked.Require("muteAll", EmulatedCallState.Established);
            var targets = participantIds.Count == 0
                ? locked.Roster.Participants.Where(p => !p.IsBot).ToList()
                : participantIds.Select(id => Require(locked, id)).ToList();
            foreach (var participant in targets.Where(p => !p.IsMuted))
            {
                participant.IsMuted = true;
                changed.Add(participant);
            }

            var id = OperationResource.NewId();
            var operation = OperationResource.Create(call.Id, id, "#microsoft.graph.commsOperation", clientContext, OperationResource.Completed, null);
            var now = locked.Now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
            operation["createdDateTime"] = now;
            operation["lastActionDateTime"] = now;
            locked.Record.Operations[id] = operation;
            locked.RecordEvent($"Bot muted {changed.Count} participant(s) with muteAll.");
            locked.MarkChanged();
            return operation.DeepClone().AsObject();
        });
        return new OperationStart(completed, () => call.Schedule(TimeSpan.Zero, locked =>
        {
            if (changed.Count > 0)
            {
                locked.NotifyRoster(changed);
            }
        }));
    }

    /// <summary>The bot removes a participant (itself: the call ends); the roster follows after the response.</summary>
    public Action Remove(string? participantId)
    {
        var participant = call.Update(locked =>
        {
            var found = Require(locked, participantId);
            locked.Roster.Participants.Remove(found);
            locked.MarkChanged();
            return found;
        });
        return () => call.Schedule(TimeSpan.Zero, locked =>
        {
            if (participant.IsBot)
            {
                locked.Terminate(ResultCodes.Removed(), "removed");
                return;
            }

            locked.NotifyRoster([], [participant]);
            EndIfAlone(locked);
        });
    }

    /// <summary>A user joins (control API); the bot hears of it once the call is established. Returns the participant id.</summary>
    public string Join(IdentityRef identity, CalleeBehavior? behavior) => call.Update(locked =>
    {
        if (locked.Roster.Room() < 1)
        {
            throw new InvalidOperationException($"Call '{call.Id}' already has {EmulatorLimits.MaxParticipantsPerCall} participants besides the bot (or that many joining).");
        }

        var participant = locked.Roster.Add(identity, behavior: behavior, modalities: locked.Record.RequestedModalities);
        locked.RecordEvent($"User {identity.Id} joined as participant {participant.Id}.");
        locked.MarkChanged();
        if (locked.State == EmulatedCallState.Established)
        {
            locked.NotifyRoster([participant]);
        }

        return participant.Id;
    });

    /// <summary>A participant leaves (control API); a two-party call ends with it.</summary>
    public void Leave(string participantId) => call.Update(locked =>
    {
        var participant = locked.Roster.Participants.FirstOrDefault(p => string.Equals(p.Id, participantId, StringComparison.OrdinalIgnoreCase) && !p.IsBot)
            ?? throw new KeyNotFoundException($"Participant '{participantId}' was not found in call '{call.Id}'.");
        locked.Roster.Participants.Remove(participant);
        locked.RecordEvent($"Participant {participantId} left.");
        locked.NotifyRoster([], [participant]);
        EndIfAlone(locked);
    });

    private void Ring(IReadOnlyList<CalleeTarget> invitees, JsonArray participants, string? clientContext, string id, InviteReplacement? replacement) =>
        CalleeRinging.Ring(call, invitees, (locked, batch) =>
        {
            foreach (var (invitee, _) in batch.Joined)
            {
                locked.RecordEvent($"Invited {invitee.Identity.Kind} {invitee.Identity.Id} joined.");
            }

            if (batch.Joined.Count > 0)
            {
                BecomeGroupCall(locked);
                locked.NotifyRoster(batch.JoinedParticipants);
            }

            if (batch.AllResponded)
            {
                var joined = batch.AnsweredSoFar > 0;
                var completed = OperationResource.Create(call.Id, id, InviteType, clientContext,
                    joined ? OperationResource.Completed : OperationResource.Failed, joined ? ResultCodes.Success("Action completed.") : batch.LastRefusal);
                completed["participants"] = participants.DeepClone();
                locked.Record.Operations[id] = completed;
                locked.NotifyOperation(completed);
                if (joined && replacement is not null)
                {
                    locked.AfterUnlock(replacement.Complete);
                }
            }
        }, "invitee");

    private EmulatedParticipant Require(LockedCall locked, string? participantId) =>
        locked.Roster.Find(participantId) ?? throw GraphRequestException.NotFound($"Participant '{participantId}' was not found in call '{call.Id}'.");

    /// <summary>
    /// A call with three or more participants is a group call (Graph's call types): a peer-to-peer or PSTN call that an
    /// invitee joined is one from then on, so it no longer ends when one remote party leaves.
    /// </summary>
    private static void BecomeGroupCall(LockedCall locked)
    {
        if (locked.Record.Kind is CallKind.PeerToPeer or CallKind.Pstn && locked.Roster.Participants.Count >= 3)
        {
            locked.RecordEvent($"The {(locked.Record.Kind == CallKind.Pstn ? "PSTN" : "peer-to-peer")} call became a group call: {locked.Roster.Participants.Count} participants.");
            locked.Record.Kind = CallKind.Group;
        }
    }

    /// <summary>A two-party call ends when the remote party is gone.</summary>
    private static void EndIfAlone(LockedCall locked)
    {
        if (locked.Record.Kind is CallKind.PeerToPeer or CallKind.Pstn && locked.Roster.OnlyBotLeft)
        {
            locked.Terminate(ResultCodes.RemoteHungUp(locked.Record.Kind), "remoteHangUp");
        }
    }
}
