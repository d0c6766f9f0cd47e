using System.Text.Json.Nodes;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Identity;

namespace CallingBot.Emulator.Calls.Api;

/// <summary>Reads the <c>mediaConfig</c> of create call and answer: app-hosted (with a blob, needing Calls.AccessMedia.All) or service-hosted.</summary>
internal static class MediaConfigReader
{
    public static JsonObject Read(JsonObject body, GraphRequestContext context)
    {
        var mediaConfig = Fields.Object(body, "mediaConfig", "mediaConfig", required: true, maxJsonLength: EmulatorLimits.MaxMediaBlobLength + EmulatorLimits.MaxObjectLength)!;
        var type = Fields.ODataType(mediaConfig);
        var blob = Fields.String(mediaConfig, "blob", "mediaConfig.blob", maxLength: EmulatorLimits.MaxMediaBlobLength);
        var appHosted = type is null ? blob is not null : type.EndsWith("appHostedMediaConfig", StringComparison.OrdinalIgnoreCase);
        if (type is not null && !appHosted && !type.EndsWith("serviceHostedMediaConfig", StringComparison.OrdinalIgnoreCase))
        {
            throw GraphRequestException.BadRequest($"Invalid request: 'mediaConfig.@odata.type' has the unsupported value '{type}'. Use #microsoft.graph.appHostedMediaConfig or #microsoft.graph.serviceHostedMediaConfig.");
        }

        var copy = mediaConfig.DeepClone().AsObject();
        copy["@odata.type"] = appHosted ? "#microsoft.graph.appHostedMediaConfig" : "#microsoft.graph.serviceHostedMediaConfig";
        if (appHosted)
        {
            if (string.IsNullOrEmpty(blob))
            {
                throw GraphRequestException.BadRequest("Invalid request: 'mediaConfig.blob' is required for app-hosted media.");
            }

            context.Require(GraphPermissions.CallsAccessMediaAll);
        }
        else if (Fields.Array(mediaConfig, "preFetchMedia", "mediaConfig.preFetchMedia", maxCount: EmulatorLimits.MaxPrompts) is not { } prefetch)
        {
            copy["preFetchMedia"] = new JsonArray();
        }
        else
        {
            for (var i = 0; i < prefetch.Count; i++)
            {
                if (prefetch[i] is not JsonObject media || Fields.String(media, "uri", $"mediaConfig.preFetchMedia[{i}].uri", required: true, maxLength: EmulatorLimits.MaxUriLength) is null)
                {
                    throw GraphRequestException.BadRequest($"Invalid request: 'mediaConfig.preFetchMedia[{i}].uri' is required.");
                }
            }
        }

        return copy;
    }
}
