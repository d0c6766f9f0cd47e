using CallingBot.Core.Calls;
using Microsoft.Graph.Models;
using CoreCallState = CallingBot.Core.Calls.CallState;
using CoreParticipantInfo = CallingBot.Core.Calls.ParticipantInfo;
using CorePrompt = CallingBot.Core.Calls.Prompt;
using CoreRecordingStatus = CallingBot.Core.Calls.RecordingStatus;
using CoreRejectReason = CallingBot.Core.Calls.RejectReason;
using GraphCallState = Microsoft.Graph.Models.CallState;
using GraphRecordingStatus = Microsoft.Graph.Models.RecordingStatus;
using GraphRejectReason = Microsoft.Graph.Models.RejectReason;

namespace CallingBot.Graph.Calling;

/// <summary>Converts between CallingBot's own call model and Microsoft Graph's.</summary>
internal static class GraphModelMapper
{
    public static IdentitySet ToIdentitySet(ParticipantIdentity identity)
    {
        var value = new Identity { Id = identity.Id, DisplayName = identity.DisplayName };
        if (identity.TenantId is { } tenant)
        {
            value.AdditionalData["tenantId"] = tenant;
        }

        return identity.Kind switch
        {
            IdentityKind.User => new IdentitySet { User = value },
            IdentityKind.Application => new IdentitySet { Application = value },
            IdentityKind.Phone => new CommunicationsIdentitySet { Phone = value },
            IdentityKind.ApplicationInstance => new CommunicationsIdentitySet { ApplicationInstance = value },
            IdentityKind.Guest => new CommunicationsIdentitySet { Guest = value },
            _ => throw new ArgumentOutOfRangeException(nameof(identity), identity.Kind, "Unknown identity kind."),
        };
    }

    public static InvitationParticipantInfo ToInvitation(ParticipantIdentity identity, string? replacesCallId = null) =>
        new() { Identity = ToIdentitySet(identity), ReplacesCallId = replacesCallId };

    /// <summary>Reads the most specific identity of a set; unknown shapes become an application identity named "unknown".</summary>
    public static ParticipantIdentity FromIdentitySet(IdentitySet? set)
    {
        if (set is null)
        {
            return new ParticipantIdentity(IdentityKind.Application, "unknown");
        }

        if (set is CommunicationsIdentitySet communications)
        {
            if (communications.Phone?.Id is { } phone)
            {
                return new ParticipantIdentity(IdentityKind.Phone, phone, communications.Phone.DisplayName);
            }

            if (communications.ApplicationInstance?.Id is { } instance)
            {
                return new ParticipantIdentity(IdentityKind.ApplicationInstance, instance, communications.ApplicationInstance.DisplayName, TenantOf(communications.ApplicationInstance));
            }

            if (communications.Guest?.Id is { } guest)
            {
                return new ParticipantIdentity(IdentityKind.Guest, guest, communications.Guest.DisplayName);
            }
        }

        if (set.User?.Id is { } user)
        {
            return new ParticipantIdentity(IdentityKind.User, user, set.User.DisplayName, TenantOf(set.User));
        }

        if (set.Application?.Id is { } application)
        {
            return new ParticipantIdentity(IdentityKind.Application, application, set.Application.DisplayName);
        }

        foreach (var (key, kind) in AdditionalKinds)
        {
            if (set.AdditionalData.TryGetValue(key, out var raw) && ReadId(raw) is { } id)
            {
                return new ParticipantIdentity(kind, id, ReadDisplayName(raw));
            }
        }

        return new ParticipantIdentity(IdentityKind.Application, "unknown");
    }

    private static readonly (string Key, IdentityKind Kind)[] AdditionalKinds =
    [
        ("phone", IdentityKind.Phone),
        ("applicationInstance", IdentityKind.ApplicationInstance),
        ("guest", IdentityKind.Guest),
    ];

    public static CoreParticipantInfo FromParticipant(Participant participant) =>
        new(participant.Id ?? participant.Info?.ParticipantId ?? string.Empty, FromIdentitySet(participant.Info?.Identity), participant.IsMuted ?? false, participant.IsInLobby ?? false);

    public static CoreCallState FromState(GraphCallState? state) => state switch
    {
        GraphCallState.Incoming => CoreCallState.Incoming,
        GraphCallState.Establishing => CoreCallState.Establishing,
        GraphCallState.Established => CoreCallState.Established,
        GraphCallState.Hold => CoreCallState.Hold,
        GraphCallState.TransferAccepted => CoreCallState.TransferAccepted,
        GraphCallState.Transferring => CoreCallState.TransferAccepted,
        GraphCallState.Redirecting => CoreCallState.Redirecting,
        GraphCallState.Terminating => CoreCallState.Terminating,
        GraphCallState.Terminated => CoreCallState.Terminated,
        _ => CoreCallState.Establishing,
    };

    public static CallTermination? FromResultInfo(ResultInfo? info) =>
        info is null ? null : new CallTermination(info.Code ?? 0, info.Subcode ?? 0, info.Message);

    public static GraphRejectReason ToRejectReason(CoreRejectReason reason) => reason switch
    {
        CoreRejectReason.Busy => GraphRejectReason.Busy,
        CoreRejectReason.Forbidden => GraphRejectReason.Forbidden,
        _ => GraphRejectReason.None,
    };

    public static GraphRecordingStatus ToRecordingStatus(CoreRecordingStatus status) => status switch
    {
        CoreRecordingStatus.Recording => GraphRecordingStatus.Recording,
        CoreRecordingStatus.Failed => GraphRecordingStatus.Failed,
        _ => GraphRecordingStatus.NotRecording,
    };

    public static MediaPrompt ToMediaPrompt(CorePrompt prompt) =>
        new() { MediaInfo = new MediaInfo { Uri = prompt.Uri.AbsoluteUri, ResourceId = prompt.ResourceId } };

    public static Tone ToTone(char key) => char.ToUpperInvariant(key) switch
    {
        >= '0' and <= '9' => (Tone)(key - '0'),
        '*' => Tone.Star,
        '#' => Tone.Pound,
        'A' => Tone.A,
        'B' => Tone.B,
        'C' => Tone.C,
        'D' => Tone.D,
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Not a DTMF key."),
    };

    public static char? FromTone(Tone? tone) => tone switch
    {
        null => null,
        >= Tone.Tone0 and <= Tone.Tone9 => (char)('0' + (int)tone.Value),
        Tone.Star => '*',
        Tone.Pound => '#',
        Tone.A => 'A',
        Tone.B => 'B',
        Tone.C => 'C',
        Tone.D => 'D',
        _ => null,
    };

    private static string? TenantOf(Identity identity) =>
        identity.AdditionalData.TryGetValue("tenantId", out var tenant) ? tenant?.ToString() : null;

    // The SDK keeps identities it has no property for (phone, guest, applicationInstance on a plain identitySet, as
    // Graph sends for PSTN callers) as JSON elements in AdditionalData.
    private static string? ReadId(object? raw) => raw switch
    {
        Identity identity => identity.Id,
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Object } json => ReadString(json, "id"),
        Newtonsoft.Json.Linq.JObject json => json.Value<string>("id"),
        IDictionary<string, object> map when map.TryGetValue("id", out var id) => id?.ToString(),
        _ => null,
    };

    private static string? ReadDisplayName(object? raw) => raw switch
    {
        Identity identity => identity.DisplayName,
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Object } json => ReadString(json, "displayName"),
        _ => null,
    };

    private static string? ReadString(System.Text.Json.JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;
}
