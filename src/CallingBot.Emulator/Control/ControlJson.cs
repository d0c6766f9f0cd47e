using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallingBot.Emulator.Control;

/// <summary>JSON settings of the control API: camelCase, enums as camelCase strings.</summary>
internal static class ControlJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };
}
