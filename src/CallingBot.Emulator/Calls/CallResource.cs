using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Calls;

/// <summary>Serialises calls and participants the way Graph returns and notifies them.</summary>
internal static class CallResource
{
    public static string Path(string callId) => "/communications/calls/" + callId;

    /// <summary>The complete call resource (GET, create response, incoming and deleted notifications).</summary>
    public static JsonObject Full(LockedCall locked, string? contextBase = null)
    {
        var call = locked.Record;
        var resource = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.call",
            ["@odata.id"] = Path(call.Id),
            ["@odata.etag"] = $"W/\"{call.Etag}\"",
            ["state"] = locked.State.WireName(),
            ["direction"] = call.Direction,
            ["callbackUri"] = call.CallbackUri.ToString(),
            ["callChainId"] = call.CallChainId,
            ["callRoutes"] = new JsonArray(),
            ["source"] = call.Source.DeepClone(),
            ["targets"] = call.Targets.DeepClone(),
            ["requestedModalities"] = Strings(call.RequestedModalities),
            ["activeModalities"] = Strings(call.ActiveModalities),
            ["mediaConfig"] = call.MediaConfig?.DeepClone(),
            ["chatInfo"] = call.ChatInfo?.DeepClone(),
            ["meetingInfo"] = call.MeetingInfo?.DeepClone(),
            ["transcription"] = null,
            ["routingPolicies"] = call.RoutingPolicies.DeepClone(),
            ["tenantId"] = call.TenantId,
            ["myParticipantId"] = call.MyParticipantId,
            ["id"] = call.Id,
            ["subject"] = call.Subject,
            ["terminationReason"] = call.TerminationReason,
            ["ringingTimeoutInSeconds"] = call.RingingTimeoutInSeconds,
            ["mediaState"] = locked.IsTerminated ? null : new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.callMediaState",
                ["audio"] = locked.State == EmulatedCallState.Established ? "active" : "inactive",
            },
            ["resultInfo"] = call.ResultInfo?.DeepClone(),
            ["answeredBy"] = call.AnsweredBy?.DeepClone(),
            ["callOptions"] = call.CallOptions?.DeepClone(),
            ["meetingCapability"] = null,
            ["toneInfo"] = null,
        };
        if (contextBase is not null)
        {
            // The Get call reference page of each version: v1.0 names the communications path, beta still the app one.
            resource["@odata.context"] = contextBase + (contextBase.EndsWith("/beta/", StringComparison.Ordinal) ? "$metadata#app/calls/$entity" : "$metadata#communications/calls/$entity");
        }

        if (call.IncomingContext is not null)
        {
            resource["incomingContext"] = call.IncomingContext.DeepClone();
        }

        if (call.ApplicationMetadata is not null)
        {
            resource["applicationMetadata"] = call.ApplicationMetadata.DeepClone();
        }

        return resource;
    }

    /// <summary>The short call resource of <c>updated</c> state notifications.</summary>
    public static JsonObject StateUpdate(LockedCall locked)
    {
        var call = locked.Record;
        var resource = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.call",
            ["@odata.id"] = Path(call.Id),
            ["@odata.etag"] = $"W/\"{call.Etag}\"",
            ["state"] = locked.State.WireName(),
            ["direction"] = call.Direction,
            ["callbackUri"] = call.CallbackUri.ToString(),
            ["tenantId"] = call.TenantId,
            ["myParticipantId"] = call.MyParticipantId,
        };
        if (call.ChatInfo is not null)
        {
            resource["chatInfo"] = call.ChatInfo.DeepClone();
        }

        if (call.MeetingInfo is not null)
        {
            resource["meetingInfo"] = call.MeetingInfo.DeepClone();
        }

        if (call.ResultInfo is not null)
        {
            resource["resultInfo"] = call.ResultInfo.DeepClone();
        }

        if (call.ReplacesContext is not null)
        {
            resource["replacesContext"] = call.ReplacesContext;
        }

        resource["id"] = call.Id;
        return resource;
    }

    public static JsonObject Participant(EmulatedParticipant participant, bool includeSequence)
    {
        var info = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.participantInfo",
            ["identity"] = participant.Identity.ToIdentitySet(),
            ["endpointType"] = "default",
            ["languageId"] = participant.LanguageId,
            ["region"] = participant.Region,
            ["id"] = participant.Id,
        };
        var streams = new JsonArray();
        var sourceId = participant.SourceIdBase;
        foreach (var modality in new[] { "audio", "video", "videoBasedScreenSharing" })
        {
            var active = participant.Modalities.Contains(modality, StringComparer.Ordinal)
                || (modality == "videoBasedScreenSharing" && participant.IsSharingScreen);
            if (!active && modality == "audio")
            {
                sourceId++;
                continue;
            }

            if (active)
            {
                streams.Add(new JsonObject
                {
                    ["@odata.type"] = "#microsoft.graph.mediaStream",
                    ["mediaType"] = modality,
                    ["label"] = modality switch
                    {
                        "audio" => "main-audio",
                        "video" => "main-video",
                        _ => "applicationsharing-video",
                    },
                    ["sourceId"] = sourceId.ToString(System.Globalization.CultureInfo.InvariantCulture),

                    // The sharer sends its screen and nobody sends it back; the others only receive it.
                    ["direction"] = modality != "videoBasedScreenSharing" ? "sendReceive" : participant.IsSharingScreen ? "sendOnly" : "receiveOnly",
                    ["serverMuted"] = false,
                });
            }

            sourceId++;
        }

        var resource = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.participant",
            ["info"] = info,
            ["mediaStreams"] = streams,
            ["isMuted"] = participant.IsMuted,
            ["isInLobby"] = participant.IsInLobby,
            ["meetingRole"] = participant.MeetingRole,
            ["metadata"] = participant.Metadata?.ToJsonString(),
            ["id"] = participant.Id,
        };
        if (participant.RecordingStatus is not null)
        {
            resource["recordingInfo"] = new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.recordingInfo",
                ["recordingStatus"] = participant.RecordingStatus,
            };
        }

        if (includeSequence)
        {
            resource["rosterSequenceNumber"] = participant.RosterSequenceNumber;
        }

        return resource;
    }

    /// <summary>A participantInfo for the call's source or targets.</summary>
    public static JsonObject ParticipantInfo(IdentityRef identity, string? participantId = null, string odataType = "#microsoft.graph.participantInfo")
    {
        var info = new JsonObject
        {
            ["@odata.type"] = odataType,
            ["identity"] = identity.ToIdentitySet(),
            ["endpointType"] = "default",
            ["region"] = "amer",
            ["languageId"] = "en-US",
        };
        if (participantId is not null)
        {
            info["id"] = participantId;
        }

        info[odataType.EndsWith("invitationParticipantInfo", StringComparison.Ordinal) ? "replacesCallId" : "countryCode"] = null;
        return info;
    }

    public static JsonObject ResultInfo(int code, int subcode, string message) => new()
    {
        ["@odata.type"] = "#microsoft.graph.resultInfo",
        ["code"] = code,
        ["subcode"] = subcode,
        ["message"] = message,
    };

    private static JsonArray Strings(IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            array.Add(value);
        }

        return array;
    }
}
