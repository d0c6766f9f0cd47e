using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallingBot.Dashboard;

/// <summary>The dashboard's JSON: camelCase, nulls left out, enums as strings.</summary>
internal static class DashboardJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}
