using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Acs;

/// <summary>
/// Validates a Create Call body as the service does, naming the first bad field in the error's
/// <c>target</c> and message (for example <c>targets[1].phoneNumber.value</c>): the generally available
/// CreateCallRequest (<see cref="ValidateGa"/>) or, for the preview api-version, the seed's shape (<see cref="Validate"/>).
/// </summary>
internal static class AcsCreateCallValidator
{
    private static readonly string[] Kinds = ["communicationUser", "phoneNumber", "microsoftTeamsUser"];

    /// <summary>
    /// The generally available body: <c>targets</c> (required, at least one), <c>source</c> (a communication user,
    /// optional), <c>sourceCallerIdNumber</c> (required with a phone target), <c>sourceDisplayName</c>,
    /// <c>callbackUri</c> (required, https), <c>operationContext</c>, <c>mediaStreamingOptions</c>.
    /// </summary>
    public static AcsResult? ValidateGa(JsonObject body, bool allowHttpCallbacks)
    {
        if (ValidateCallbackUri(body, allowHttpCallbacks) is { } invalidCallback)
        {
            return invalidCallback;
        }

        if (ValidateTargets(body, out var hasPhoneTarget) is { } invalidTargets)
        {
            return invalidTargets;
        }

        if (body["source"] is { } sourceNode)
        {
            if (sourceNode is not JsonObject source)
            {
                return AcsError.BadRequest("source must be a communication user identifier ({\"id\":\"8:acs:...\"}).", "source");
            }

            if (string.IsNullOrWhiteSpace(StringOf(source["id"])))
            {
                return AcsError.BadRequest("source.id is required: the source is a communication user identifier ({\"id\":\"8:acs:...\"}).", "source.id");
            }
        }

        if (body["sourceCallerIdNumber"] is { } callerIdNode)
        {
            if (callerIdNode is not JsonObject callerId || !IsE164(callerId["value"]))
            {
                return AcsError.BadRequest("sourceCallerIdNumber.value must be an E.164 phone number.", "sourceCallerIdNumber.value");
            }
        }
        else if (hasPhoneTarget)
        {
            return AcsError.BadRequest("sourceCallerIdNumber is required when a target is a phone number.", "sourceCallerIdNumber");
        }

        foreach (var name in new[] { "sourceDisplayName", "operationContext" })
        {
            if (body[name] is { } node && StringOf(node) is null)
            {
                return AcsError.BadRequest($"{name} must be a string.", name);
            }
        }

        return body["mediaStreamingOptions"] is { } mediaNode ? ValidateMedia(mediaNode, "mediaStreamingOptions") : null;
    }

    /// <summary>The seed's preview body: <c>source.identifier</c>, <c>source.callerId</c>, <c>mediaStreamingConfiguration</c>.</summary>
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

        if (ValidateTargets(body, out var hasPhoneTarget) is { } invalidTargets)
        {
            return invalidTargets;
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
            return ValidateMedia(mediaNode, "mediaStreamingConfiguration");
        }

        return null;
    }

    private static AcsResult? ValidateTargets(JsonObject body, out bool hasPhoneTarget)
    {
        hasPhoneTarget = false;
        if (body["targets"] is not JsonArray targets)
        {
            return Missing("targets");
        }

        if (targets.Count == 0)
        {
            return AcsError.BadRequest("targets must contain at least one target.", "targets");
        }

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

        return null;
    }

    private static AcsResult? ValidateMedia(JsonNode mediaNode, string path)
    {
        if (mediaNode is not JsonObject media)
        {
            return AcsError.BadRequest($"{path} must be an object.", path);
        }

        if (!Uri.TryCreate(StringOf(media["transportUrl"]), UriKind.Absolute, out _))
        {
            return AcsError.BadRequest($"{path}.transportUrl must be an absolute URL.", $"{path}.transportUrl");
        }

        foreach (var (name, allowed) in new[] { ("transportType", new[] { "websocket" }), ("contentType", ["audio"]), ("audioChannelType", ["mixed", "unmixed"]) })
        {
            var value = StringOf(media[name]);
            if (value is null || !allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                return AcsError.BadRequest($"{path}.{name} must be one of: {string.Join(", ", allowed)}.", $"{path}.{name}");
            }
        }

        if (media["audioFormat"] is { } format && StringOf(format) is not ("pcm16KMono" or "pcm24KMono"))
        {
            return AcsError.BadRequest($"{path}.audioFormat must be one of: pcm16KMono, pcm24KMono.", $"{path}.audioFormat");
        }

        foreach (var flag in new[] { "startMediaStreaming", "enableBidirectional" })
        {
            if (media[flag] is { } node && (node is not JsonValue value || !value.TryGetValue<bool>(out _)))
            {
                return AcsError.BadRequest($"{path}.{flag} must be true or false.", $"{path}.{flag}");
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
