using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Calls;

/// <summary>Completes participantInfo, invitationParticipantInfo, identitySet and chatInfo objects echoed from requests the way Graph returns them.</summary>
internal static class ParticipantInfoShape
{
    private static readonly string[] ParticipantInfoProperties = ["countryCode", "endpointType", "region", "languageId"];
    private static readonly string[] InvitationProperties = ["endpointType", "region", "replacesCallId", "languageId"];

    public static JsonObject Source(JsonObject info) => Complete(info, "#microsoft.graph.participantInfo", ParticipantInfoProperties);

    public static JsonArray Targets(JsonArray targets)
    {
        foreach (var target in targets)
        {
            if (target is JsonObject info)
            {
                Complete(info, "#microsoft.graph.invitationParticipantInfo", InvitationProperties);
            }
        }

        return targets;
    }

    public static JsonObject ChatInfo(JsonObject chatInfo)
    {
        chatInfo["@odata.type"] ??= "#microsoft.graph.chatInfo";
        if (!chatInfo.ContainsKey("replyChainMessageId"))
        {
            chatInfo["replyChainMessageId"] = null;
        }

        return chatInfo;
    }

    private static JsonObject Complete(JsonObject info, string odataType, string[] properties)
    {
        info["@odata.type"] ??= odataType;
        if (info["identity"] is JsonObject identitySet)
        {
            identitySet["@odata.type"] ??= "#microsoft.graph.identitySet";
            foreach (var (name, value) in identitySet)
            {
                if (!name.StartsWith('@') && value is JsonObject identity)
                {
                    identity["@odata.type"] ??= "#microsoft.graph.identity";
                }
            }
        }

        foreach (var property in properties)
        {
            if (!info.ContainsKey(property))
            {
                info[property] = null;
            }
        }

        return info;
    }
}
