using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Notifications;

namespace CallingBot.Emulator.Calls;

/// <summary>What the simulated remote side does in a call (control API): hang up, press keys, share a screen.</summary>
internal sealed class CallRemoteParty(EmulatedCall call)
{
    /// <summary>The remote side hangs up.</summary>
    public void HangUp() => call.Update(locked =>
    {
        if (locked.IsTerminated)
        {
            throw new InvalidOperationException($"Call '{call.Id}' has already ended.");
        }

        locked.RecordEvent("The remote side hung up.");
        locked.Terminate(ResultCodes.RemoteHungUp(locked.Record.Kind), "remoteHangUp");
    });

    /// <summary>
    /// A participant (the first remote one when null) presses keys; a bot subscribed to tones gets one notification per
    /// tone, and a running recordResponse that stops on a pressed key completes.
    /// </summary>
    public void PressKeys(string? participantId, string keys, IReadOnlyList<string> tones) => call.Update(locked =>
    {
        var presser = participantId is null
            ? locked.Roster.Participants.FirstOrDefault(p => !p.IsBot)
            : locked.Roster.Find(participantId) ?? throw new KeyNotFoundException($"Participant '{participantId}' was not found in call '{call.Id}'.");
        locked.RecordEvent($"Participant {presser?.Id} pressed '{keys}'.");
        if (locked.State != EmulatedCallState.Established)
        {
            throw new InvalidOperationException($"Call '{call.Id}' is in state '{locked.State.WireName()}'; keys can be pressed only in an established call.");
        }

        foreach (var tone in tones)
        {
            call.Media.OnTonePressed(locked, tone);
            if (!locked.Record.ToneSubscribed)
            {
                continue;
            }

            locked.Record.ToneSequence++;
            locked.Record.Etag++;
            var resource = CallResource.StateUpdate(locked);
            resource["toneInfo"] = new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.toneInfo",
                ["sequenceId"] = locked.Record.ToneSequence,
                ["tone"] = tone,
            };
            locked.Notify(NotificationFactory.Updated, CallResource.Path(call.Id), resource);
        }
    });

    /// <summary>A participant starts sharing its screen; returns the content sharing session id.</summary>
    public string StartScreenSharing(string participantId) => call.Update(locked =>
    {
        var participant = locked.Roster.Find(participantId) ?? throw new KeyNotFoundException($"Participant '{participantId}' was not found in call '{call.Id}'.");
        if (locked.Record.ContentSharingSessions.ContainsKey(participant.Id))
        {
            throw new InvalidOperationException($"Participant '{participantId}' is already sharing.");
        }

        var sessionId = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        locked.Record.ContentSharingSessions[participant.Id] = sessionId;
        participant.IsSharingScreen = true;
        participant.ScreenSharingRole = "sharer";
        locked.RecordEvent($"Participant {participantId} started sharing (session {sessionId}).");
        NotifyContentSharing(locked, NotificationFactory.Created, sessionId);
        locked.NotifyRoster([participant]);
        return sessionId;
    });

    /// <summary>A participant stops sharing its screen.</summary>
    public void StopScreenSharing(string participantId) => call.Update(locked =>
    {
        var participant = locked.Roster.Find(participantId) ?? throw new KeyNotFoundException($"Participant '{participantId}' was not found in call '{call.Id}'.");
        if (!locked.Record.ContentSharingSessions.Remove(participant.Id, out var sessionId))
        {
            throw new InvalidOperationException($"Participant '{participantId}' is not sharing.");
        }

        participant.IsSharingScreen = false;
        participant.ScreenSharingRole = "viewer";
        locked.RecordEvent($"Participant {participantId} stopped sharing.");
        NotifyContentSharing(locked, NotificationFactory.Deleted, sessionId);
        locked.NotifyRoster([participant]);
    });

    private void NotifyContentSharing(LockedCall locked, string changeType, string sessionId)
    {
        if (!locked.Record.ContentSharingNotifications)
        {
            return;
        }

        locked.Notify(changeType, CallResource.Path(call.Id) + "/contentsharingsessions", new JsonArray(new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.contentSharingSession",
            ["id"] = sessionId,
        }));
    }
}
