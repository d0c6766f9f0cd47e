namespace CallingBot.Emulator.Faults;

/// <summary>
/// Names of the Graph calling operations the emulator serves, as fault rules name them (the last segment of the
/// request path, or a name for the plain call and participant requests).
/// </summary>
public static class GraphOperations
{
    public const string CreateCall = "createCall";
    public const string GetCall = "getCall";
    public const string DeleteCall = "deleteCall";
    public const string Answer = "answer";
    public const string Reject = "reject";
    public const string Redirect = "redirect";
    public const string Transfer = "transfer";
    public const string KeepAlive = "keepAlive";
    public const string Mute = "mute";
    public const string Unmute = "unmute";
    public const string ChangeScreenSharingRole = "changeScreenSharingRole";
    public const string UpdateRecordingStatus = "updateRecordingStatus";
    public const string PlayPrompt = "playPrompt";
    public const string RecordResponse = "recordResponse";
    public const string SubscribeToTone = "subscribeToTone";
    public const string SendDtmfTones = "sendDtmfTones";
    public const string CancelMediaProcessing = "cancelMediaProcessing";
    public const string ListParticipants = "listParticipants";
    public const string InviteParticipants = "invite";
    public const string GetParticipant = "getParticipant";
    public const string RemoveParticipant = "removeParticipant";
    public const string MuteParticipant = "muteParticipant";
    public const string GetOperation = "getOperation";
    public const string ListAudioRoutingGroups = "listAudioRoutingGroups";
    public const string ListContentSharingSessions = "listContentSharingSessions";
    public const string GetContentSharingSession = "getContentSharingSession";
    public const string GetAudioRoutingGroup = "getAudioRoutingGroup";
    public const string CreateAudioRoutingGroup = "createAudioRoutingGroup";
    public const string UpdateAudioRoutingGroup = "updateAudioRoutingGroup";
    public const string DeleteAudioRoutingGroup = "deleteAudioRoutingGroup";
    public const string ConfigureMixer = "configureMixer";
    public const string MuteAll = "muteAll";
    public const string StartHoldMusic = "startHoldMusic";
    public const string StopHoldMusic = "stopHoldMusic";
    public const string AddLargeGalleryView = "addLargeGalleryView";
    public const string LogTeleconferenceDeviceQuality = "logTeleconferenceDeviceQuality";

    /// <summary>Every name above.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        CreateCall, GetCall, DeleteCall, Answer, Reject, Redirect, Transfer, KeepAlive, Mute, Unmute, ChangeScreenSharingRole,
        UpdateRecordingStatus, PlayPrompt, RecordResponse, SubscribeToTone, SendDtmfTones, CancelMediaProcessing,
        ListParticipants, InviteParticipants, GetParticipant, RemoveParticipant, MuteParticipant, GetOperation,
        ListAudioRoutingGroups, ListContentSharingSessions, GetContentSharingSession, GetAudioRoutingGroup, CreateAudioRoutingGroup,
        UpdateAudioRoutingGroup, DeleteAudioRoutingGroup, ConfigureMixer, MuteAll, StartHoldMusic, StopHoldMusic, AddLargeGalleryView,
        LogTeleconferenceDeviceQuality,
    };
}
