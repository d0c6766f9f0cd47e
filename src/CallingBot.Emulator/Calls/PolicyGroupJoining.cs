using System.Text.Json;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Notifications;

namespace CallingBot.Emulator.Calls;

/// <summary>
/// Policy-based recording: participants of a recorded call's policy group join through a
/// participantJoiningNotification, which the bot answers in the response body (acceptJoinResponse,
/// rejectJoinResponse or inviteNewBotResponse). An accepted participant joins the roster; otherwise the participant
/// is offered to another bot instance as a new incoming policy-recording call, placed by the given delegate.
/// </summary>
internal sealed class PolicyGroupJoining(EmulatedCall call)
{
    /// <summary>Offers <paramref name="identity"/> to this answered recording call whatever its capacity (control API); returns the id the participant gets if accepted.</summary>
    public string Offer(IdentityRef identity, JsonObject? botData, Func<IncomingCallRequest, string> inviteAnotherBot) => call.Update(locked =>
    {
        if (!call.IsPolicyRecording || locked.IsTerminated || locked.State == EmulatedCallState.Incoming)
        {
            throw new InvalidOperationException($"Call '{call.Id}' is not an answered, live policy-recording call (it is {call.Kind}, {locked.State.WireName()}).");
        }

        if (locked.Roster.Room() < 1)
        {
            throw new InvalidOperationException($"Call '{call.Id}' already has {EmulatorLimits.MaxParticipantsPerCall} participants besides the bot (or that many joining).");
        }

        return Send(locked, identity, botData, locked.Record.RequestedModalities, inviteAnotherBot);
    });

    /// <summary>
    /// Offers <paramref name="identity"/>, invited with the call's policy group, when this is the group's answered
    /// call of <paramref name="appId"/> and has spare participantCapacity; returns false (and does nothing) otherwise.
    /// </summary>
    public bool TryOffer(string appId, string policyGroupId, IdentityRef identity, JsonObject? botData, List<string> modalities, Func<IncomingCallRequest, string> inviteAnotherBot) => call.Update(locked =>
    {
        if (!call.IsPolicyRecording || locked.IsTerminated || locked.State == EmulatedCallState.Incoming
            || !string.Equals(call.AppId, appId, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(call.PolicyGroupId, policyGroupId, StringComparison.Ordinal)
            || locked.Roster.Participants.Count(p => !p.IsBot) >= locked.Record.ParticipantCapacity
            || locked.Roster.Room() < 1)
        {
            return false;
        }

        Send(locked, identity, botData, modalities, inviteAnotherBot);
        return true;
    });

    /// <summary>Queues the participantJoiningNotification, whose response decides what happens.</summary>
    private string Send(LockedCall locked, IdentityRef identity, JsonObject? botData, List<string> modalities, Func<IncomingCallRequest, string> inviteAnotherBot)
    {
        var participantId = CallRoster.NewParticipantId();
        locked.Roster.PendingJoins++;
        var joiningCall = CallResource.StateUpdate(locked);
        joiningCall["source"] = CallResource.ParticipantInfo(identity, participantId);
        joiningCall["incomingContext"] = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.incomingContext",
            ["sourceParticipantId"] = participantId,
            ["observedParticipantId"] = participantId,
        };
        joiningCall["applicationMetadata"] = new JsonObject { ["botData"] = botData?.DeepClone() ?? PolicyBotData.Default(identity, participantId, call.TenantId) };
        var joining = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.participantJoiningNotification",
            ["call"] = joiningCall,
        };
        locked.RecordEvent($"Policy group participant {identity.Id} asks to join (participantJoiningNotification).");

        // The SDK dispatches a joining notification to the call itself and answers it synchronously in the response body.
        var resourceUrl = CallResource.Path(call.Id);
        locked.Notify(
            NotificationFactory.Updated,
            resourceUrl,
            joining,
            $"{NotificationFactory.Updated} {resourceUrl} (participantJoiningNotification)",
            result => OnJoiningResponse(identity, participantId, botData, modalities, result, inviteAnotherBot));
        return participantId;
    }

    private void OnJoiningResponse(IdentityRef identity, string participantId, JsonObject? botData, List<string> modalities, DeliveryResult result, Func<IncomingCallRequest, string> inviteAnotherBot)
    {
        var type = ReadResponseType(result.ResponseBody);
        var accepted = result.Status is >= 200 and < 300 && type is not null && type.EndsWith("acceptJoinResponse", StringComparison.OrdinalIgnoreCase);
        var inviteAnother = call.Update(locked =>
        {
            locked.Roster.PendingJoins--;
            if (locked.IsTerminated || call.Environment.IsStopped)
            {
                return false;
            }

            locked.MarkChanged();
            if (accepted)
            {
                var participant = locked.Roster.Add(identity, id: participantId, modalities: modalities);
                locked.RecordEvent($"Policy group participant {identity.Id} accepted by the bot (acceptJoinResponse); joins as {participantId}.");
                locked.NotifyRoster([participant]);
                return false;
            }

            locked.RecordEvent($"Policy group participant {identity.Id} not accepted ({type ?? $"no response body, status {result.Status}"}); another bot instance is invited.");
            return true;
        });
        if (!inviteAnother)
        {
            return;
        }

        var next = inviteAnotherBot(new IncomingCallRequest
        {
            AppId = call.AppId,
            FromUserId = identity.Id,
            FromDisplayName = identity.DisplayName,
            PolicyRecording = true,
            BotData = botData,
            TenantId = call.TenantId,
            CallbackUri = call.Read(locked => locked.Record.CallbackUri),
            Modalities = modalities,
        });
        call.Update(locked =>
        {
            locked.RecordEvent($"Invited another bot instance for {identity.Id}: call {next}.");
            locked.MarkChanged();
        });
    }

    private static string? ReadResponseType(string? response)
    {
        if (string.IsNullOrWhiteSpace(response))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(response) is JsonObject json && json["@odata.type"] is JsonValue value && value.TryGetValue<string>(out var type) ? type : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
