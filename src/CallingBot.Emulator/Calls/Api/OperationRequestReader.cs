using System.Text.Json.Nodes;
using CallingBot.Emulator.Http;

namespace CallingBot.Emulator.Calls.Api;

/// <summary>Reads the fields of the media operations' requests: prompts, stop tones, bounded numbers.</summary>
internal static class OperationRequestReader
{
    /// <summary>Checks <c>prompts</c> (media prompts with an absolute <c>mediaInfo.uri</c>); returns how many there are.</summary>
    public static int ReadPrompts(JsonObject body, bool required, string? name = null)
    {
        var prompts = Fields.Array(body, "prompts", "prompts", required, EmulatorLimits.MaxPrompts);
        if (prompts is null)
        {
            return 0;
        }

        for (var i = 0; i < prompts.Count; i++)
        {
            if (prompts[i] is not JsonObject prompt)
            {
                throw GraphRequestException.BadRequest($"Invalid request: '{Item(i)}' must be an object.");
            }

            var type = Fields.ODataType(prompt);
            if (type is not null && !type.EndsWith("mediaPrompt", StringComparison.OrdinalIgnoreCase))
            {
                throw GraphRequestException.BadRequest($"Invalid request: '{Item(i)}.@odata.type' must be #microsoft.graph.mediaPrompt.");
            }

            var mediaInfo = Fields.Object(prompt, "mediaInfo", $"{Item(i)}.mediaInfo", required: true)!;
            var uri = Fields.String(mediaInfo, "uri", $"{Item(i)}.mediaInfo.uri", required: true, maxLength: EmulatorLimits.MaxUriLength)!;
            if (!Uri.TryCreate(uri, UriKind.Absolute, out _))
            {
                throw GraphRequestException.BadRequest($"Invalid request: '{Item(i)}.mediaInfo.uri' must be an absolute URI.");
            }
        }

        return prompts.Count;

        // The path of a prompt in error messages: prompts[i], or the single prompt's own name (customPrompt).
        string Item(int i) => name ?? $"prompts[{i}]";
    }

    /// <summary>stopTones accepts keypad characters ("#", "1", "*") as in Graph's examples, or tone names.</summary>
    public static List<string>? ReadStopTones(JsonObject body)
    {
        var array = Fields.Array(body, "stopTones", "stopTones");
        if (array is null)
        {
            return null;
        }

        var result = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            var value = array[i]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? array[i]!.GetValue<string>() : null;
            var tone = value is { Length: 1 } ? GraphEnums.ToneFromKey(value[0]) : value is null ? null : GraphEnums.Tones.FirstOrDefault(t => string.Equals(t, value, StringComparison.OrdinalIgnoreCase));
            result.Add(tone ?? throw GraphRequestException.BadRequest($"Invalid request: 'stopTones[{i}]' must be a keypad character (0-9, *, #, A-D) or a tone name, not '{value}'."));
        }

        return result;
    }

    public static void CheckRange(JsonObject body, string name, int min, int max, string prefix = "")
    {
        if (Fields.Int(body, name, prefix + name) is { } value && (value < min || value > max))
        {
            throw GraphRequestException.BadRequest($"Invalid request: '{prefix}{name}' must be between {min} and {max}, not {value}.");
        }
    }

    /// <summary>The optional <c>clientContext</c> the completion notification echoes.</summary>
    public static string? ReadClientContext(JsonObject body) =>
        Fields.String(body, "clientContext", "clientContext", maxLength: EmulatorLimits.MaxClientContextLength);
}
