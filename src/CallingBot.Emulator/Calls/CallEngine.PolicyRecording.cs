using System.Text.Json;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Notifications;
using CallingBot.Emulator.Timeline;

namespace CallingBot.Emulator.Calls;

/// <summary>
/// Policy-based recording: participants of a recorded call's policy group join through a
/// participantJoiningNotification, which the bot answers in the response body (acceptJoinResponse,
/// rejectJoinResponse or inviteNewBotResponse). An accepted participant joins the roster; otherwise the participant
/// is offered to another bot instance as a new incoming policy-recording call.
/// </summary>
internal sealed partial class CallEngine
{
    /// <summary>Offers a participant of the policy group to the answered recording call <paramref name="callId"/>, whatever its capacity.</summary>
    /// <returns>The id the participant gets if the bot accepts.</returns>
    public string JoinPolicyGroupParticipant(string callId, string userId, string? displayName, JsonObject? botData = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentLimits.Length(userId, EmulatorLimits.MaxIdLength, "userId");
        ArgumentLimits.Length(displayName, EmulatorLimits.MaxDisplayNameLength, "displayName");
        ArgumentLimits.Json(botData, EmulatorLimits.MaxBotDataLength, "botData");
        var call = Find(callId) ?? throw new KeyNotFoundException($"Call '{callId}' was not found.");
        lock (call.Gate)
        {
            if (!call.IsPolicyRecording || call.IsTerminated || call.State == CallStates.Incoming)
            {
                throw new InvalidOperationException($"Call '{callId}' is not an answered, live policy-recording call (it is {call.Kind}, {call.State}).");
            }

            if (Room(call) < 1)
            {
                throw new InvalidOperationException($"Call '{callId}' already has {EmulatorLimits.MaxParticipantsPerCall} participants besides the bot (or that many joining).");
            }

            var user = _directory.FindUser(userId);
            var identity = new IdentityRef("user", userId, user?.DisplayName ?? displayName ?? "Emulated User", user?.TenantId ?? call.TenantId);
            return SendPolicyJoining(call, identity, botData, call.RequestedModalities);
        }
    }

    /// <summary>Sends the participantJoiningNotification and acts on the bot's response. Call with the call's lock held.</summary>
    private string SendPolicyJoining(EmulatedCall call, IdentityRef identity, JsonObject? botData, List<string> modalities)
    {
        var participantId = NewParticipantId();
        call.PendingJoins++;
        var joiningCall = CallResource.StateUpdate(call);
        joiningCall["source"] = CallResource.ParticipantInfo(identity, participantId);
        joiningCall["incomingContext"] = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.incomingContext",
            ["sourceParticipantId"] = participantId,
            ["observedParticipantId"] = participantId,
        };
        joiningCall["applicationMetadata"] = new JsonObject { ["botData"] = botData?.DeepClone() ?? DefaultBotData(identity, participantId, call.TenantId) };
        var joining = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.participantJoiningNotification",
            ["call"] = joiningCall,
        };
        RecordEvent(call, $"Policy group participant {identity.Id} asks to join (participantJoiningNotification).");

        // The SDK dispatches a joining notification to the call itself and answers it synchronously in the response body.
        var resourceUrl = CallResource.Path(call.Id);
        var envelope = NotificationFactory.Envelope(NotificationFactory.Updated, resourceUrl, call.CallbackUri, joining);
        var body = System.Text.Encoding.UTF8.GetBytes(envelope.ToJsonString());
        var entry = call.AddTimeline(
            TimelineEntryKind.Notification,
            _time.GetUtcNow(),
            "POST",
            call.CallbackUri.ToString(),
            body: System.Text.Encoding.UTF8.GetString(body),
            description: $"{NotificationFactory.Updated} {resourceUrl} (participantJoiningNotification)");
        _dispatcher.Enqueue(call, new OutgoingNotification(
            call.CallbackUri,
            call.AppId,
            call.TenantId,
            body,
            entry,
            call.Chaos.DeliveryDelay,
            Duplicate: false,
            OnResponse: (status, response) => OnJoiningResponse(call, identity, participantId, botData, modalities, status, response)));
        Changed(call);
        return participantId;
    }

    private void OnJoiningResponse(EmulatedCall call, IdentityRef identity, string participantId, JsonObject? botData, List<string> modalities, int status, string? response)
    {
        var type = ReadResponseType(response);
        lock (call.Gate)
        {
            call.PendingJoins--;
            if (call.IsTerminated || _disposed)
            {
                return;
            }

            if (status is >= 200 and < 300 && type is not null && type.EndsWith("acceptJoinResponse", StringComparison.OrdinalIgnoreCase))
            {
                var participant = AddParticipant(call, identity, id: participantId, modalities: modalities);
                RecordEvent(call, $"Policy group participant {identity.Id} accepted by the bot (acceptJoinResponse); joins as {participantId}.");
                NotifyRoster(call, [participant]);
                Changed(call);
                return;
            }

            RecordEvent(call, $"Policy group participant {identity.Id} not accepted ({type ?? $"no response body, status {status}"}); another bot instance is invited.");
            Changed(call);
        }

        var next = PlaceIncomingCall(new IncomingCallRequest
        {
            AppId = call.AppId,
            FromUserId = identity.Id,
            FromDisplayName = identity.DisplayName,
            PolicyRecording = true,
            BotData = botData,
            TenantId = call.TenantId,
            CallbackUri = call.CallbackUri,
            Modalities = modalities,
        });
        lock (call.Gate)
        {
            RecordEvent(call, $"Invited another bot instance for {identity.Id}: call {next}.");
            Changed(call);
        }
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
