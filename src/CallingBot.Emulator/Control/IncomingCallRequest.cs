using System.Text.Json.Nodes;
using CallingBot.Emulator.Calls;

namespace CallingBot.Emulator.Control;

/// <summary>Describes a call the emulator places to a bot.</summary>
public sealed class IncomingCallRequest
{
    /// <summary>The bot (application id) to call. Required.</summary>
    public string AppId { get; set; } = "";

    /// <summary>Calling user (directory id, or any id for an ad hoc user). Ignored when <see cref="FromPhoneNumber"/> is set.</summary>
    public string? FromUserId { get; set; }

    /// <summary>Display name of an ad hoc calling user.</summary>
    public string? FromDisplayName { get; set; }

    /// <summary>Calling phone number (E.164) for a PSTN call.</summary>
    public string? FromPhoneNumber { get; set; }

    /// <summary>Application instance (resource account) dialled; null targets the application itself.</summary>
    public string? ToApplicationInstanceId { get; set; }

    /// <summary>Requested modalities. Default audio.</summary>
    public List<string> Modalities { get; set; } = ["audio"];

    /// <summary>Thread id of a directory meeting the bot is invited into (a group call invitation).</summary>
    public string? MeetingThreadId { get; set; }

    /// <summary>Makes the call a policy-based recording invitation (5 s answer deadline).</summary>
    public bool PolicyRecording { get; set; }

    /// <summary>The <c>applicationMetadata.botData</c> of a policy-based recording invitation; a default is generated when null.</summary>
    public JsonObject? BotData { get; set; }

    /// <summary>Recording policy group: later invitations of the same group go to an answered call with spare participantCapacity as participantJoiningNotification.</summary>
    public string? PolicyGroupId { get; set; }

    /// <summary>Notification stream misbehaviour for this call.</summary>
    public ChaosOptions? Chaos { get; set; }

    /// <summary>Overrides the app's registered callback URI for the incoming notification; https unless <see cref="EmulatorOptions.AllowHttpCallbacks"/> is on.</summary>
    public Uri? CallbackUri { get; set; }

    /// <summary>Tenant of the call; null uses the app's or the default tenant.</summary>
    public string? TenantId { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first field past its <see cref="EmulatorLimits"/>.</summary>
    internal void CheckLimits()
    {
        ArgumentLimits.Length(AppId, EmulatorLimits.MaxIdLength, "appId");
        ArgumentLimits.Length(FromUserId, EmulatorLimits.MaxIdLength, "fromUserId");
        ArgumentLimits.Length(FromDisplayName, EmulatorLimits.MaxDisplayNameLength, "fromDisplayName");
        ArgumentLimits.Length(FromPhoneNumber, EmulatorLimits.MaxIdLength, "fromPhoneNumber");
        ArgumentLimits.Length(ToApplicationInstanceId, EmulatorLimits.MaxIdLength, "toApplicationInstanceId");
        ArgumentLimits.List(Modalities, EmulatorLimits.MaxListLength, EmulatorLimits.MaxIdLength, "modalities");
        ArgumentLimits.Length(MeetingThreadId, EmulatorLimits.MaxThreadIdLength, "meetingThreadId");
        ArgumentLimits.Json(BotData, EmulatorLimits.MaxBotDataLength, "botData");
        ArgumentLimits.Length(PolicyGroupId, EmulatorLimits.MaxIdLength, "policyGroupId");
        ArgumentLimits.Length(CallbackUri?.OriginalString, EmulatorLimits.MaxUriLength, "callbackUri");
        ArgumentLimits.Length(TenantId, EmulatorLimits.MaxIdLength, "tenantId");
    }
}
