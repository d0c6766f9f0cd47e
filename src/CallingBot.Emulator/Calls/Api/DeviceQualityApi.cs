using System.Text.Json.Nodes;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Identity;

namespace CallingBot.Emulator.Calls.Api;

/// <summary>
/// POST /communications/calls/logTeleconferenceDeviceQuality: a Cloud Video Interop partner reports the quality of its
/// device's media leg. Graph keeps the data for its analytics; the emulator checks the request and keeps nothing.
/// </summary>
internal static class DeviceQualityApi
{
    private const int MaxQualityLength = 64 * 1024;

    private static readonly string[] QualityTypes =
    [
        "#microsoft.graph.teleconferenceDeviceAudioQuality",
        "#microsoft.graph.teleconferenceDeviceVideoQuality",
        "#microsoft.graph.teleconferenceDeviceScreenSharingQuality",
    ];

    public static EngineResult Log(GraphRequestContext context)
    {
        var quality = Fields.Object(context.Body, "quality", "quality", required: true, maxJsonLength: MaxQualityLength)!;
        foreach (var name in new[] { "callChainId", "participantId", "mediaLegId" })
        {
            var value = Fields.String(quality, name, "quality." + name, required: true, maxLength: EmulatorLimits.MaxIdLength)!;
            if (!Guid.TryParse(value, out _))
            {
                throw GraphRequestException.BadRequest($"Invalid request: 'quality.{name}' must be a GUID, not '{value}'.");
            }
        }

        Fields.String(quality, "deviceName", "quality.deviceName");
        Fields.String(quality, "deviceDescription", "quality.deviceDescription");
        var list = Fields.Array(quality, "mediaQualityList", "quality.mediaQualityList") ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var type = list[i] is JsonObject item ? Fields.ODataType(item) : null;
            if (type is null || !QualityTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
            {
                throw GraphRequestException.BadRequest($"Invalid request: 'quality.mediaQualityList[{i}]' must be an object whose @odata.type is one of {string.Join(", ", QualityTypes)}.");
            }
        }

        context.Require(GraphPermissions.CallsAccessMediaAll);
        return new EngineResult(200);
    }
}
