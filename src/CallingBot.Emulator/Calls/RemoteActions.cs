using System.Text.Json.Nodes;
using CallingBot.Emulator.Control;

namespace CallingBot.Emulator.Calls;

/// <summary>
/// The control API's actions of the simulated remote side, by call id: checks the arguments, finds the call and has
/// it act (<see cref="CallRemoteParty"/>, <see cref="CallParticipants"/>, <see cref="PolicyGroupJoining"/>).
/// </summary>
internal sealed class RemoteActions(CallRegistry registry, IncomingCallPlacer placer)
{
    public void HangUp(string callId) => registry.GetForControl(callId).Remote.HangUp();

    /// <summary>A remote participant presses keys; subscribed bots get one tone notification per key.</summary>
    public void PressKeys(string callId, string? participantId, string keys)
    {
        ArgumentException.ThrowIfNullOrEmpty(keys);
        ArgumentLimits.Length(keys, EmulatorLimits.MaxTones, "keys");
        var tones = keys.Select(k => GraphEnums.ToneFromKey(k) ?? throw new ArgumentException($"'{k}' is not a DTMF key; use 0-9, *, #, A-D.", nameof(keys))).ToList();
        registry.GetLiveForControl(callId).Remote.PressKeys(participantId, keys, tones);
    }

    /// <summary>A user joins a meeting or group call; returns the participant id.</summary>
    public string JoinParticipant(string callId, string userId, string? displayName)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentLimits.Length(userId, EmulatorLimits.MaxIdLength, "userId");
        ArgumentLimits.Length(displayName, EmulatorLimits.MaxDisplayNameLength, "displayName");
        var call = registry.GetLiveForControl(callId);
        var user = registry.Directory.FindUser(userId);
        var identity = new IdentityRef("user", userId, displayName ?? user?.DisplayName ?? "Emulated User", user?.TenantId ?? call.TenantId);
        return call.Participants.Join(identity, user?.Behavior);
    }

    /// <summary>A participant leaves; a two-party call ends with it.</summary>
    public void LeaveParticipant(string callId, string participantId) => registry.GetLiveForControl(callId).Participants.Leave(participantId);

    public string StartScreenSharing(string callId, string participantId) => registry.GetLiveForControl(callId).Remote.StartScreenSharing(participantId);

    public void StopScreenSharing(string callId, string participantId) => registry.GetLiveForControl(callId).Remote.StopScreenSharing(participantId);

    /// <summary>Offers a participant of the policy group to the answered recording call <paramref name="callId"/>, whatever its capacity; returns the id the participant gets if the bot accepts.</summary>
    public string JoinPolicyGroupParticipant(string callId, string userId, string? displayName, JsonObject? botData)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentLimits.Length(userId, EmulatorLimits.MaxIdLength, "userId");
        ArgumentLimits.Length(displayName, EmulatorLimits.MaxDisplayNameLength, "displayName");
        ArgumentLimits.Json(botData, EmulatorLimits.MaxBotDataLength, "botData");
        var call = registry.GetForControl(callId);
        var user = registry.Directory.FindUser(userId);
        var identity = new IdentityRef("user", userId, user?.DisplayName ?? displayName ?? "Emulated User", user?.TenantId ?? call.TenantId);
        return call.PolicyGroup.Offer(identity, botData, placer.Place);
    }
}
