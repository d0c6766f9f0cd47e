namespace CallingBot.Emulator;

/// <summary>
/// Sizes of what the emulator accepts, on the Graph API and on the control API. A value past its limit gets 400 (Graph
/// error body, message naming the field); a call that would hold too many participants gets 400 (Graph) or 409
/// (control API). Graph documents some of these (redirect targets, prompts, clientContext); the others are
/// conservative bounds that keep one request from costing megabytes or seconds of work.
/// </summary>
public static class EmulatorLimits
{
    /// <summary>Identifiers: identity ids, app ids, tenant ids, user ids, policy group ids, replacesCallId.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Meeting chat thread ids (<c>19:meeting_…@thread.v2</c>), which carry a long encoded id.</summary>
    public const int MaxThreadIdLength = 256;

    /// <summary>Display names of identities, users, apps, application instances, meeting organizers.</summary>
    public const int MaxDisplayNameLength = 256;

    /// <summary><c>clientContext</c> of operations (Graph: at most 256 characters).</summary>
    public const int MaxClientContextLength = 256;

    /// <summary>Other strings: subject, joinMeetingId, passcode, messageId, client secrets, enum values.</summary>
    public const int MaxTextLength = 1024;

    /// <summary>URIs: callbackUri, prompt and prefetch media URIs, join web URLs, certificate paths.</summary>
    public const int MaxUriLength = 2048;

    /// <summary><c>mediaConfig.blob</c> of app-hosted media.</summary>
    public const int MaxMediaBlobLength = 64 * 1024;

    /// <summary>
    /// Serialized JSON size of an object the emulator keeps and echoes in responses and notifications: each target,
    /// <c>source</c>, <c>chatInfo</c>, <c>meetingInfo</c>, <c>callOptions</c>, <c>transferTarget</c>, <c>transferee</c>.
    /// </summary>
    public const int MaxObjectLength = 4 * 1024;

    /// <summary><c>botData</c> of a policy-based recording invitation placed through the control API (serialized JSON).</summary>
    public const int MaxBotDataLength = 16 * 1024;

    /// <summary>One entry of an application's <c>certificates</c>: a file path or the base64 DER of a certificate.</summary>
    public const int MaxCertificateLength = 16 * 1024;

    /// <summary>Targets of a create call, participants of an invite.</summary>
    public const int MaxTargets = 256;

    /// <summary>Participants of one call besides the bot (joins, invites, answered targets, meeting attendees).</summary>
    public const int MaxParticipantsPerCall = 256;

    /// <summary>Audio routing groups one call keeps.</summary>
    public const int MaxAudioRoutingGroupsPerCall = 64;

    /// <summary>Simultaneous-ring targets of a redirect (Graph: 25).</summary>
    public const int MaxRedirectTargets = 25;

    /// <summary>Prompts of a playPrompt or recordResponse, and <c>preFetchMedia</c> entries (Graph: 20 media prompts).</summary>
    public const int MaxPrompts = 20;

    /// <summary>Tones of one sendDtmfTones, and keys of one control API key press (each key is one notification).</summary>
    public const int MaxTones = 64;

    /// <summary>Other lists: modalities, routingPolicies, stopTones, permissions, certificates.</summary>
    public const int MaxListLength = 16;

    /// <summary>Entries of each directory kind (users, phone numbers, application instances, meetings), and registered applications.</summary>
    public const int MaxDirectoryEntries = 10_000;
}
