using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Acs;

/// <summary>
/// Validates a Create Call body as the service does, naming the first bad field in the error's
/// <c>target</c> and message (for example <c>targets[1].phoneNumber.value</c>).
/// </summary>
internal static class AcsCreateCallValidator
{
    private static readonly string[] Kinds = ["communicationUser", "phoneNumber", "microsoftTeamsUser"];

    public static AcsResult? Validate(JsonObject body, bool allowHttpCallbacks)
    {
        if (ValidateCallbackUri(body, allowHttpCallbacks) is { } invalidCallback)
        {
            return invalidCallback;
        }

        if (body["source"] is not JsonObject source)
        {
            return Missing("source");
        }

        if (source["identifier"] is not JsonObject sourceIdentifier)
        {
            return Missing("source.identifier");
        }

        if (ValidateIdentifier(sourceIdentifier, "source.identifier") is { } sourceError)
        {
            return sourceError;
        }

        if (body["targets"] is not JsonArray targets)
        {
            return Missing("targets");
        }

        if (targets.Count == 0)
        {
            return AcsError.BadRequest("targets must contain at least one target.", "targets");
        }

        var hasPhoneTarget = false;
        for (var i = 0; i < targets.Count; i++)
        {
            var path = $"targets[{i}]";
            if (targets[i] is not JsonObject target)
            {
                return AcsError.BadRequest($"{path} must be a communication identifier object.", path);
            }

            if (ValidateIdentifier(target, path) is { } targetError)
            {
                return targetError;
            }

            hasPhoneTarget |= KindOf(target) == "phoneNumber";
        }

        if (source["callerId"] is JsonObject callerId)
        {
            if (!IsE164(callerId["value"]))
            {
                return AcsError.BadRequest("source.callerId.value must be an E.164 phone number.", "source.callerId.value");
            }
        }
        else if (hasPhoneTarget)
        {
            return AcsError.BadRequest("source.callerId is required when a target is a phone number.", "source.callerId");
        }

        if (body["operationContext"] is { } context && (context is not JsonValue contextValue || !contextValue.TryGetValue<string>(out _)))
        {
            return AcsError.BadRequest("operationContext must be a string.", "operationContext");
        }

        if (body["mediaStreamingConfiguration"] is { } mediaNode)
        {
            return ValidateMedia(mediaNode);
        }

        return null;
    }

    private static AcsResult? ValidateMedia(JsonNode mediaNode)
    {
        const string Path = "mediaStreamingConfiguration";
        if (mediaNode is not JsonObject media)
        {
            return AcsError.BadRequest($"{Path} must be an object.", Path);
        }

        if (!Uri.TryCreate(StringOf(media["transportUrl"]), UriKind.Absolute, out _))
        {
            return AcsError.BadRequest($"{Path}.transportUrl must be an absolute URL.", $"{Path}.transportUrl");
        }

        foreach (var (name, allowed) in new[] { ("transportType", new[] { "websocket" }), ("contentType", ["audio"]), ("audioChannelType", ["mixed", "unmixed"]) })
        {
            var value = StringOf(media[name]);
            if (value is null || !allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                return AcsError.BadRequest($"{Path}.{name} must be one of: {string.Join(", ", allowed)}.", $"{Path}.{name}");
            }
        }

        return null;
    }

    private static AcsResult? ValidateIdentifier(JsonObject identifier, string path)
    {
        var declared = StringOf(identifier["kind"]);
        if (declared is not null && !Kinds.Contains(declared, StringComparer.OrdinalIgnoreCase))
        {
            return AcsError.BadRequest($"{path}.kind must be one of: {string.Join(", ", Kinds)}.", $"{path}.kind");
        }

        var kind = KindOf(identifier);
        switch (kind)
        {
            case "communicationUser":
                return string.IsNullOrWhiteSpace(StringOf((identifier["communicationUser"] as JsonObject)?["id"]))
                    ? AcsError.BadRequest($"{path}.communicationUser.id is required.", $"{path}.communicationUser.id")
                    : null;
            case "phoneNumber":
                return IsE164((identifier["phoneNumber"] as JsonObject)?["value"])
                    ? null
                    : AcsError.BadRequest($"{path}.phoneNumber.value must be an E.164 phone number.", $"{path}.phoneNumber.value");
            case "microsoftTeamsUser":
                return string.IsNullOrWhiteSpace(StringOf((identifier["microsoftTeamsUser"] as JsonObject)?["userId"]))
                    ? AcsError.BadRequest($"{path}.microsoftTeamsUser.userId is required.", $"{path}.microsoftTeamsUser.userId")
                    : null;
            default:
                return AcsError.BadRequest($"{path} must set one of communicationUser, phoneNumber or microsoftTeamsUser.", path);
        }
    }

    /// <summary>The declared kind, or the one implied by the nested identifier that is set.</summary>
    public static string? KindOf(JsonObject identifier)
    {
        if (StringOf(identifier["kind"]) is { } declared)
        {
            return Kinds.FirstOrDefault(k => k.Equals(declared, StringComparison.OrdinalIgnoreCase));
        }

        return Kinds.FirstOrDefault(k => identifier[k] is JsonObject);
    }

    /// <summary>Checks the body's <c>callbackUri</c>: present, absolute, https (or http when allowed).</summary>
    public static AcsResult? ValidateCallbackUri(JsonObject body, bool allowHttpCallbacks)
    {
        if (body["callbackUri"] is not JsonValue callbackValue || !callbackValue.TryGetValue<string>(out var callback) || string.IsNullOrWhiteSpace(callback))
        {
            return Missing("callbackUri");
        }

        return !Uri.TryCreate(callback, UriKind.Absolute, out var callbackUri) || !Identity.CallbackUris.IsAllowed(callbackUri, allowHttpCallbacks)
            ? AcsError.BadRequest($"callbackUri {Identity.CallbackUris.Requirement(allowHttpCallbacks)}", "callbackUri")
            : null;
    }

    private static AcsResult Missing(string field) => AcsError.BadRequest($"The {field} field is required.", field);

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool IsE164(JsonNode? node)
    {
        var value = StringOf(node);
        return value is { Length: >= 8 and <= 16 } && value[0] == '+' && value[1] != '0' && !value.AsSpan(1).ContainsAnyExceptInRange('0', '9');
    }
}
