using System.Text.Json.Nodes;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Identity;

namespace CallingBot.Emulator.Calls;

internal sealed partial class CallEngine
{
    /// <summary>GET /communications/calls/{id}/participants</summary>
    public EngineResult ListParticipants(GraphRequestContext context)
    {
        context.Require(AnyCallPermission);
        var call = GetLiveCall(context.CallId, context.Principal.AppId);
        lock (call.Gate)
        {
            return new EngineResult(200, ParticipantList(call, context.ServiceRoot), call.Id);
        }
    }

    /// <summary>GET /communications/calls/{id}/participants/{participantId}</summary>
    public EngineResult GetParticipant(GraphRequestContext context)
    {
        context.Require(AnyCallPermission);
        var call = GetLiveCall(context.CallId, context.Principal.AppId);
        lock (call.Gate)
        {
            var participant = FindParticipant(call, context.ParticipantId);
            var resource = CallResource.Participant(participant, false);
            resource["@odata.context"] = context.ServiceRoot + $"$metadata#communications/calls('{call.Id}')/participants/$entity";
            return new EngineResult(200, resource, call.Id);
        }
    }

    /// <summary>POST /communications/calls/{id}/participants/invite</summary>
    public EngineResult InviteParticipants(GraphRequestContext context)
    {
        var participantsNode = Fields.Array(context.Body, "participants", "participants", required: true, maxCount: EmulatorLimits.MaxTargets)!;
        var invitees = ReadTargets(participantsNode, "participants");
        var clientContext = Fields.String(context.Body, "clientContext", "clientContext", maxLength: EmulatorLimits.MaxClientContextLength);
        context.Require(GraphPermissions.CallsInitiateGroupCallAll, GraphPermissions.CallsJoinGroupCallAll);
        var call = GetLiveCall(context.CallId, context.Principal.AppId);
        var id = Guid.NewGuid().ToString();
        const string type = "#microsoft.graph.inviteParticipantsOperation";
        JsonObject running;
        lock (call.Gate)
        {
            EnsureState(call, "invite", CallStates.Established);
            if (Room(call) < invitees.Count)
            {
                throw GraphRequestException.BadRequest(
                    $"Invalid request: inviting {invitees.Count} participant(s) would give the call more than {EmulatorLimits.MaxParticipantsPerCall} participants besides the bot ('participants').");
            }

            call.PendingJoins += invitees.Count;
            running = Operation(call, id, type, clientContext, "running", null);
            running["participants"] = participantsNode.DeepClone();
            call.Operations[id] = running;
        }

        return new EngineResult(200, running.DeepClone(), call.Id, AfterResponse: () =>
        {
            var pending = invitees.Count;
            var joined = 0;
            JsonObject? failure = null;
            foreach (var batch in invitees.GroupBy(t => ResponseDelay(t.Behavior)))
            {
                var callees = batch.ToList();
                Schedule(call, batch.Key, () =>
                {
                    var added = new List<EmulatedParticipant>(callees.Count);
                    foreach (var invitee in callees)
                    {
                        pending--;
                        call.PendingJoins--;
                        var behavior = invitee.Behavior;
                        if (behavior.Response is CalleeResponse.Answer or CalleeResponse.Voicemail)
                        {
                            joined++;
                            added.Add(AddParticipant(call, invitee.Identity, behavior: behavior, modalities: call.RequestedModalities));
                            RecordEvent(call, $"Invited {invitee.Identity.Kind} {invitee.Identity.Id} joined.");
                        }
                        else
                        {
                            failure = behavior.Response == CalleeResponse.Busy ? ResultCodes.CalleeBusy()
                                : behavior.Response == CalleeResponse.Decline ? ResultCodes.CalleeDeclined()
                                : ResultCodes.CalleeNoAnswer();
                        }
                    }

                    if (added.Count > 0)
                    {
                        NotifyRoster(call, added);
                    }

                    if (pending == 0)
                    {
                        var completed = Operation(call, id, type, clientContext, joined > 0 ? "completed" : "failed", joined > 0 ? ResultCodes.Success("Action completed.") : failure);
                        completed["participants"] = participantsNode.DeepClone();
                        call.Operations[id] = completed;
                        NotifyOperation(call, completed);
                    }
                });
            }
        });
    }

    /// <summary>How many more participants (besides the bot) the call can take, counting those still ringing. Call with the lock held.</summary>
    private static int Room(EmulatedCall call)
    {
        var present = 0;
        foreach (var participant in call.Participants)
        {
            if (!participant.IsBot)
            {
                present++;
            }
        }

        return EmulatorLimits.MaxParticipantsPerCall - present - call.PendingJoins;
    }

    /// <summary>POST /communications/calls/{id}/participants/{participantId}/mute</summary>
    public EngineResult MuteParticipant(GraphRequestContext context)
    {
        var clientContext = Fields.String(context.Body, "clientContext", "clientContext", maxLength: EmulatorLimits.MaxClientContextLength);
        context.Require(AnyCallPermission);
        var call = GetLiveCall(context.CallId, context.Principal.AppId);
        var id = Guid.NewGuid().ToString();
        const string type = "#microsoft.graph.muteParticipantOperation";
        EmulatedParticipant participant;
        JsonObject running;
        lock (call.Gate)
        {
            EnsureState(call, "mute", CallStates.Established);
            participant = FindParticipant(call, context.ParticipantId);
            running = Operation(call, id, type, clientContext, "running", null);
            call.Operations[id] = running;
        }

        return new EngineResult(200, running.DeepClone(), call.Id, AfterResponse: () => Schedule(call, TimeSpan.Zero, () =>
        {
            participant.IsMuted = true;
            NotifyRoster(call, [participant]);
            var completed = Operation(call, id, type, clientContext, "completed", ResultCodes.Success("Action completed."));
            call.Operations[id] = completed;
            NotifyOperation(call, completed);
        }));
    }

    /// <summary>DELETE /communications/calls/{id}/participants/{participantId}</summary>
    public EngineResult RemoveParticipant(GraphRequestContext context)
    {
        context.Require(AnyCallPermission);
        var call = GetLiveCall(context.CallId, context.Principal.AppId);
        EmulatedParticipant participant;
        lock (call.Gate)
        {
            participant = FindParticipant(call, context.ParticipantId);
            call.Participants.Remove(participant);
        }

        return new EngineResult(204, CallId: call.Id, AfterResponse: () => Schedule(call, TimeSpan.Zero, () =>
        {
            if (participant.IsBot)
            {
                Terminate(call, ResultCodes.Removed(), "removed");
                return;
            }

            NotifyRoster(call, [], [participant]);
            EndIfAlone(call);
        }));
    }

    private static EmulatedParticipant FindParticipant(EmulatedCall call, string? participantId) =>
        call.Participants.FirstOrDefault(p => string.Equals(p.Id, participantId, StringComparison.OrdinalIgnoreCase))
        ?? throw GraphRequestException.NotFound($"Participant '{participantId}' was not found in call '{call.Id}'.");

    /// <summary>A two-party call ends when the remote party is gone. Call with the lock held.</summary>
    private void EndIfAlone(EmulatedCall call)
    {
        if (call.Kind is CallKind.PeerToPeer or CallKind.Pstn && call.Participants.All(p => p.IsBot))
        {
            Terminate(call, ResultCodes.RemoteHungUp(), "remoteHangUp");
        }
    }
}
