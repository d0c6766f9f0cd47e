using CallingBot.Core.Calls;
using CallingBot.Core.Meetings;
using Microsoft.Graph.Models;
using Newtonsoft.Json.Linq;

namespace CallingBot.Graph.Calling;

/// <summary>Reads what the bot needs to route an incoming call from the Graph call resource.</summary>
internal static class IncomingCallMapper
{
    public static IncomingCallInfo Map(Call call, string callId, string fallbackTenantId, DateTimeOffset receivedAt)
    {
        var tenant = call.TenantId ?? fallbackTenantId;
        return new IncomingCallInfo
        {
            CallId = callId,
            TenantId = tenant,
            Caller = GraphModelMapper.FromIdentitySet(call.Source?.Identity),
            Callee = call.Targets?.FirstOrDefault()?.Identity is { } target ? GraphModelMapper.FromIdentitySet(target) : null,
            Meeting = ReadMeeting(call, tenant),
            PolicyRecording = ReadPolicyRecording(call),
            Modalities = call.RequestedModalities?.Where(m => m is not null).Select(m => ModalityName(m!.Value)).ToArray() ?? ["audio"],
            ReceivedAt = receivedAt,
        };
    }

    /// <summary>The modality's name as Graph writes it, one string per process (the session keeps it for the call's life).</summary>
    private static string ModalityName(Modality modality) => modality switch
    {
        Modality.Audio => "audio",
        Modality.Video => "video",
        Modality.VideoBasedScreenSharing => "videoBasedScreenSharing",
        Modality.Data => "data",
        _ => modality.ToString().ToLowerInvariant(),
    };

    private static MeetingCoordinates? ReadMeeting(Call call, string tenant)
    {
        if (call.ChatInfo?.ThreadId is not { } thread)
        {
            return null;
        }

        var organizer = (call.MeetingInfo as OrganizerMeetingInfo)?.Organizer?.User;
        var organizerTenant = organizer?.AdditionalData.TryGetValue("tenantId", out var t) == true ? t?.ToString() : null;
        return new MeetingCoordinates(thread, call.ChatInfo.MessageId ?? "0", organizer?.Id ?? string.Empty, organizerTenant ?? tenant, call.ChatInfo.ReplyChainMessageId);
    }

    private static PolicyRecordingInfo? ReadPolicyRecording(Call call)
    {
        if (!call.AdditionalData.TryGetValue("applicationMetadata", out var raw) || ToJson(raw) is not JObject metadata)
        {
            return null;
        }

        if (metadata["botData"] is not JObject botData)
        {
            return null;
        }

        var reasons = (botData["inviteReasons"] as JArray)?.Select(r => r.ToString()).ToArray() ?? [];
        if (!reasons.Contains("PolicyBasedRecording", StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        var recorded = new List<ParticipantIdentity>();
        foreach (var key in new[] { "user", "otherSideUser" })
        {
            if (botData[key] is JObject user && user.Value<string>("id") is { Length: > 0 } id)
            {
                recorded.Add(ParticipantIdentity.User(id, tenantId: user.Value<string>("tenantId")));
            }
        }

        static IReadOnlyList<string> Ids(JToken? token) =>
            (token as JArray)?.OfType<JObject>().Select(o => o.Value<string>("id")).OfType<string>().ToArray() ?? [];

        return new PolicyRecordingInfo(
            botData.Value<string>("policyIdentifier") ?? string.Empty,
            reasons,
            recorded,
            Ids(botData["pairedRecorders"]) is [var paired, ..] ? paired : null,
            Ids(botData["otherRecorders"]));
    }

    private static JToken? ToJson(object? raw) => raw switch
    {
        null => null,
        JToken token => token,
        string text => TryParse(text),
        System.Text.Json.JsonElement element => TryParse(element.GetRawText()),
        _ => JToken.FromObject(raw),
    };

    private static JToken? TryParse(string text)
    {
        try
        {
            return JToken.Parse(text);
        }
        catch (Newtonsoft.Json.JsonReaderException)
        {
            return null;
        }
    }
}
