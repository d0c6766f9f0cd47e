using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Notifications;

namespace CallingBot.Emulator.Calls;

internal sealed partial class CallEngine
{
    /// <summary>A remote participant presses keys; subscribed bots get one tone notification per key.</summary>
    public void PressKeys(string callId, string? participantId, string keys)
    {
        ArgumentException.ThrowIfNullOrEmpty(keys);
        ArgumentLimits.Length(keys, EmulatorLimits.MaxTones, "keys");
        var tones = keys.Select(k => GraphEnums.ToneFromKey(k) ?? throw new ArgumentException($"'{k}' is not a DTMF key; use 0-9, *, #, A-D.", nameof(keys))).ToList();
        var call = LiveCallForControl(callId);
        lock (call.Gate)
        {
            var presser = participantId is null
                ? call.Participants.FirstOrDefault(p => !p.IsBot)
                : call.Participants.FirstOrDefault(p => string.Equals(p.Id, participantId, StringComparison.OrdinalIgnoreCase))
                    ?? throw new KeyNotFoundException($"Participant '{participantId}' was not found in call '{callId}'.");
            RecordEvent(call, $"Participant {presser?.Id} pressed '{keys}'.");
            if (call.State != CallStates.Established)
            {
                throw new InvalidOperationException($"Call '{callId}' is in state '{call.State}'; keys can be pressed only in an established call.");
            }

            if (!call.ToneSubscribed)
            {
                return;
            }

            foreach (var tone in tones)
            {
                call.ToneSequence++;
                call.Etag++;
                var resource = CallResource.StateUpdate(call);
                resource["toneInfo"] = new JsonObject
                {
                    ["@odata.type"] = "#microsoft.graph.toneInfo",
                    ["sequenceId"] = call.ToneSequence,
                    ["tone"] = tone,
                };
                Notify(call, NotificationFactory.Updated, CallResource.Path(call.Id), resource);
            }
        }
    }

    /// <summary>A user joins a meeting or group call.</summary>
    public string JoinParticipant(string callId, string userId, string? displayName)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentLimits.Length(userId, EmulatorLimits.MaxIdLength, "userId");
        ArgumentLimits.Length(displayName, EmulatorLimits.MaxDisplayNameLength, "displayName");
        var call = LiveCallForControl(callId);
        lock (call.Gate)
        {
            if (Room(call) < 1)
            {
                throw new InvalidOperationException($"Call '{callId}' already has {EmulatorLimits.MaxParticipantsPerCall} participants besides the bot (or that many joining).");
            }

            var user = _directory.FindUser(userId);
            var identity = new IdentityRef("user", userId, displayName ?? user?.DisplayName ?? "Emulated User", user?.TenantId ?? call.TenantId);
            var participant = AddParticipant(call, identity, behavior: user?.Behavior, modalities: call.RequestedModalities);
            RecordEvent(call, $"User {userId} joined as participant {participant.Id}.");
            if (call.State == CallStates.Established)
            {
                NotifyRoster(call, [participant]);
            }

            return participant.Id;
        }
    }

    /// <summary>A participant leaves; a two-party call ends with it.</summary>
    public void LeaveParticipant(string callId, string participantId)
    {
        var call = LiveCallForControl(callId);
        lock (call.Gate)
        {
            var participant = call.Participants.FirstOrDefault(p => string.Equals(p.Id, participantId, StringComparison.OrdinalIgnoreCase) && !p.IsBot)
                ?? throw new KeyNotFoundException($"Participant '{participantId}' was not found in call '{callId}'.");
            call.Participants.Remove(participant);
            RecordEvent(call, $"Participant {participantId} left.");
            NotifyRoster(call, [], [participant]);
            EndIfAlone(call);
        }
    }

    /// <summary>A participant starts sharing its screen; returns the content sharing session id.</summary>
    public string StartScreenSharing(string callId, string participantId)
    {
        var call = LiveCallForControl(callId);
        lock (call.Gate)
        {
            var participant = call.Participants.FirstOrDefault(p => string.Equals(p.Id, participantId, StringComparison.OrdinalIgnoreCase))
                ?? throw new KeyNotFoundException($"Participant '{participantId}' was not found in call '{callId}'.");
            if (call.ContentSharingSessions.ContainsKey(participant.Id))
            {
                throw new InvalidOperationException($"Participant '{participantId}' is already sharing.");
            }

            var sessionId = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
            call.ContentSharingSessions[participant.Id] = sessionId;
            participant.IsSharingScreen = true;
            participant.ScreenSharingRole = "sharer";
            RecordEvent(call, $"Participant {participantId} started sharing (session {sessionId}).");
            NotifyContentSharing(call, NotificationFactory.Created, sessionId);
            NotifyRoster(call, [participant]);
            return sessionId;
        }
    }

    /// <summary>A participant stops sharing its screen.</summary>
    public void StopScreenSharing(string callId, string participantId)
    {
        var call = LiveCallForControl(callId);
        lock (call.Gate)
        {
            var participant = call.Participants.FirstOrDefault(p => string.Equals(p.Id, participantId, StringComparison.OrdinalIgnoreCase))
                ?? throw new KeyNotFoundException($"Participant '{participantId}' was not found in call '{callId}'.");
            if (!call.ContentSharingSessions.Remove(participant.Id, out var sessionId))
            {
                throw new InvalidOperationException($"Participant '{participantId}' is not sharing.");
            }

            participant.IsSharingScreen = false;
            participant.ScreenSharingRole = "viewer";
            RecordEvent(call, $"Participant {participantId} stopped sharing.");
            NotifyContentSharing(call, NotificationFactory.Deleted, sessionId);
            NotifyRoster(call, [participant]);
        }
    }

    private void NotifyContentSharing(EmulatedCall call, string changeType, string sessionId)
    {
        if (!call.ContentSharingNotifications)
        {
            return;
        }

        Notify(call, changeType, CallResource.Path(call.Id) + "/contentsharingsessions", new JsonArray(new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.contentSharingSession",
            ["id"] = sessionId,
        }));
    }

    private EmulatedCall LiveCallForControl(string callId)
    {
        var call = Find(callId) ?? throw new KeyNotFoundException($"Call '{callId}' was not found.");
        lock (call.Gate)
        {
            return call.IsTerminated ? throw new InvalidOperationException($"Call '{callId}' has ended.") : call;
        }
    }
}
