using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallingBot.Core.Registry;
using CallingBot.AspNetCore.RequestLimits;

namespace CallingBot.AspNetCore.Callbacks;

/// <summary>
/// The structural check of a notification batch before the SDK deserializes it: well-formed UTF-8 JSON, bounded depth
/// and array sizes, no property name repeated in one object even with another case (the SDK ignores case and keeps the
/// last), a <c>commsNotifications</c> object whose <c>value</c> array holds 1 to <see cref="MaxNotifications"/>
/// notifications, each with a known change type, a well-formed resource URL and resource data whose ids agree with it
/// (see <see cref="ResourceIdentity"/>). Property names are read without regard to case, as the SDK reads them.
/// Notifications about resources other than calls (or with a resource type outside Graph's namespace) are dropped and
/// reported as ignored.
/// </summary>
internal static class NotificationShape
{
    public const int MaxDepth = 32;
    public const int MaxNotifications = 100;
    public const int MaxArrayLength = 1000;

    /// <summary>Longest accepted id segment in a resource URL.</summary>
    public const int MaxIdLength = CallResourcePath.MaxIdLength;

    private const string GraphTypePrefix = "#microsoft.graph.";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = true };
    private static readonly string[] ChangeTypes = ["created", "updated", "deleted"];

    /// <summary>
    /// The resource types of call notifications the bot acts on, each one the SDK can read (a type it cannot read makes
    /// it throw); others are ignored with a log line.
    /// </summary>
    private static readonly HashSet<string> KnownResourceTypes = new(StringComparer.Ordinal)
    {
        "call", "participant", "commsOperation", "playPromptOperation", "recordOperation", "subscribeToToneOperation",
        "cancelMediaProcessingOperation", "muteParticipantOperation", "unmuteParticipantOperation",
        "updateRecordingStatusOperation", "sendDtmfTonesOperation", "inviteParticipantsOperation",
        "startHoldMusicOperation", "stopHoldMusicOperation", "addLargeGalleryViewOperation",
        "contentSharingSession", "audioRoutingGroup", "participantJoiningNotification", "participantLeftNotification",
        "deltaParticipants",
    };

    /// <param name="utf8">The request body.</param>
    /// <param name="callStatus">
    /// What the call registry knows of a call, asked once per accepted notification, or null (every call unknown). The
    /// notifications of an ended call are ignored; a <c>created</c> notification for a live call is a duplicate, ignored
    /// before the SDK sees it (the SDK would refuse it with an error and a stack trace in the log).
    /// </param>
    public static NotificationInspection Inspect(ReadOnlySpan<byte> utf8, Func<string, CallStatus>? callStatus = null)
    {
        if (JsonLimits.Check(utf8, MaxDepth, MaxArrayLength) is { } limitError)
        {
            return NotificationInspection.Malformed(limitError);
        }

        string text;
        JsonNode? root;
        try
        {
            text = StrictUtf8.GetString(utf8);
            if (JsonPropertyNames.FindDuplicateIgnoringCase(utf8, MaxDepth + 2) is { } repeated)
            {
                return NotificationInspection.Malformed($"Property names must be unique within an object, ignoring case: '{Describe(repeated)}' repeats.");
            }

            root = JsonNode.Parse(text, NodeOptions, new JsonDocumentOptions { MaxDepth = MaxDepth + 2, AllowDuplicateProperties = false });
        }
        catch (Exception exception) when (exception is DecoderFallbackException or ArgumentException or JsonException)
        {
            return NotificationInspection.Malformed("The body is not valid UTF-8 JSON.");
        }

        if (root is not JsonObject envelope || !envelope.TryGetPropertyValue("value", out var value) || value is not JsonArray notifications)
        {
            return NotificationInspection.Malformed("Expected a commsNotifications object with a 'value' array.");
        }

        // A root holding resourceData makes the SDK read the root itself as one notification, ignoring 'value'.
        if (envelope.ContainsKey("resourceData"))
        {
            return NotificationInspection.Malformed("The commsNotifications object must not hold resourceData; notifications belong in 'value'.");
        }

        if (notifications.Count == 0)
        {
            return NotificationInspection.Malformed("The batch holds no notification.");
        }

        if (notifications.Count > MaxNotifications)
        {
            return NotificationInspection.Malformed($"A batch holds at most {MaxNotifications} notifications.");
        }

        List<string>? ignored = null;
        List<JsonNode>? toRemove = null;
        List<string>? deleted = null;
        List<string>? callIds = null;
        List<string>? createdCallIds = null;
        List<string>? incomingCallIds = null;
        List<string>? unknownCallIds = null;
        var versioned = true;
        for (var index = 0; index < notifications.Count; index++)
        {
            var item = notifications[index];
            var verdict = Check(item, $"value[{index}]", out var description, out var callId, out var deletesCall, out var createsCall);
            var status = verdict == Verdict.Accepted && callStatus is not null ? callStatus(callId) : CallStatus.Unknown;
            if (status == CallStatus.Ended)
            {
                verdict = Verdict.Ignored;
                description = "call that already ended";
            }
            else if (createsCall && status == CallStatus.Live)
            {
                verdict = Verdict.Ignored;
                description = "repeated creation of a call the bot holds";
            }

            switch (verdict)
            {
                case Verdict.Malformed:
                    return NotificationInspection.Malformed(description);
                case Verdict.Ignored:
                    (ignored ??= []).Add(description);
                    (toRemove ??= []).Add(item!);
                    break;
                case Verdict.Accepted:
                    versioned &= NotificationVersion.NamesOneEvent((JsonObject)item!);
                    if (callIds is null || !callIds.Contains(callId, StringComparer.OrdinalIgnoreCase))
                    {
                        (callIds ??= []).Add(callId);
                        if (callStatus is not null && status == CallStatus.Unknown)
                        {
                            (unknownCallIds ??= []).Add(callId);
                        }
                    }

                    if (deletesCall)
                    {
                        (deleted ??= []).Add(callId);
                    }

                    if (createsCall && (createdCallIds is null || !createdCallIds.Contains(callId, StringComparer.OrdinalIgnoreCase)))
                    {
                        (createdCallIds ??= []).Add(callId);
                        if (IsCallResource(item!))
                        {
                            (incomingCallIds ??= []).Add(callId);
                        }
                    }

                    break;
            }
        }

        foreach (var item in toRemove ?? [])
        {
            notifications.Remove(item);
        }

        var accepted = notifications.Count;
        var body = toRemove is null ? text : accepted == 0 ? null : envelope.ToJsonString();
        return new NotificationInspection(null, body, accepted, ignored ?? (IReadOnlyList<string>)[], deleted ?? (IReadOnlyList<string>)[], accepted > 0 && versioned)
        {
            CallIds = callIds ?? (IReadOnlyList<string>)[],
            UnknownCallIds = unknownCallIds is null
                ? []
                : unknownCallIds.Except(createdCallIds ?? [], StringComparer.OrdinalIgnoreCase).Except(deleted ?? [], StringComparer.OrdinalIgnoreCase).ToArray(),
            IncomingCallIds = incomingCallIds ?? (IReadOnlyList<string>)[],
        };
    }

    private static Verdict Check(JsonNode? item, string field, out string description, out string callId, out bool deletesCall, out bool createsCall)
    {
        callId = string.Empty;
        deletesCall = false;
        createsCall = false;
        if (item is not JsonObject notification)
        {
            description = $"{field} must be an object.";
            return Verdict.Malformed;
        }

        if (!TryGetString(notification, "changeType", out var changeType) || !ChangeTypes.Contains(changeType, StringComparer.OrdinalIgnoreCase))
        {
            description = $"{field}.changeType must be created, updated or deleted.";
            return Verdict.Malformed;
        }

        if (!TryGetString(notification, "resourceUrl", out var resourceUrl) || !resourceUrl.StartsWith('/') || resourceUrl.Length > 1024)
        {
            description = $"{field}.resourceUrl must be a resource path.";
            return Verdict.Malformed;
        }

        if (!CallResourcePath.IsCallResource(resourceUrl))
        {
            description = $"resource {Describe(resourceUrl)}";
            return Verdict.Ignored;
        }

        if (CallResourcePath.TryParse(resourceUrl) is not { } path)
        {
            description = $"{field}.resourceUrl holds an invalid id.";
            return Verdict.Malformed;
        }

        callId = path.CallId;
        deletesCall = path.IsCall && changeType.Equals("deleted", StringComparison.OrdinalIgnoreCase);
        createsCall = path.IsCall && changeType.Equals("created", StringComparison.OrdinalIgnoreCase);

        if (!notification.TryGetPropertyValue("resourceData", out var data) || data is null)
        {
            description = $"{field}.resourceData is required.";
            return Verdict.Malformed;
        }

        string? identityError;
        if (data is JsonObject single)
        {
            if (!TryGetString(single, "@odata.type", out var type))
            {
                description = $"{field}.resourceData needs an @odata.type.";
                return Verdict.Malformed;
            }

            if (!IsKnownResourceType(type))
            {
                description = $"type {Describe(type)}";
                return Verdict.Ignored;
            }

            // The SDK completes operations by clientContext and throws on an operation without one.
            if (type.EndsWith("Operation", StringComparison.Ordinal) && !(TryGetString(single, "clientContext", out var context) && context.Length > 0))
            {
                description = $"{field}.resourceData.clientContext is required for an operation.";
                return Verdict.Malformed;
            }

            identityError = ResourceIdentity.CheckObject(single, type[GraphTypePrefix.Length..], path, field + ".resourceData");
        }
        else if (data is JsonArray collection
            && collection.All(element => element is JsonObject o && TryGetString(o, "@odata.type", out var t) && IsKnownResourceType(t)))
        {
            identityError = ResourceIdentity.CheckArray(collection, path, field + ".resourceData");
        }
        else
        {
            description = $"{field}.resourceData must be an object or an array of objects, each with a Graph @odata.type.";
            return Verdict.Malformed;
        }

        if (identityError is not null)
        {
            description = identityError;
            return Verdict.Malformed;
        }

        if (!NestedTypesWellFormed(notification))
        {
            description = $"{field}: an @odata.type is not a Graph type name.";
            return Verdict.Malformed;
        }

        description = string.Empty;
        return Verdict.Accepted;
    }

    /// <summary>The notification's resource is a call itself (<c>#microsoft.graph.call</c>): how a new call arrives.</summary>
    private static bool IsCallResource(JsonNode notification) =>
        notification["resourceData"] is JsonObject data
        && TryGetString(data, "@odata.type", out var type)
        && type.Equals(GraphTypePrefix + "call", StringComparison.OrdinalIgnoreCase);

    private static bool IsKnownResourceType(string type) =>
        type.StartsWith(GraphTypePrefix, StringComparison.Ordinal) && KnownResourceTypes.Contains(type[GraphTypePrefix.Length..]);

    /// <summary>Every <c>@odata.type</c> (in any case, as the SDK reads it) in the notification is a string <c>#microsoft.graph.{letters}</c>.</summary>
    private static bool NestedTypesWellFormed(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    if (name.Equals("@odata.type", StringComparison.OrdinalIgnoreCase))
                    {
                        if (child is not JsonValue value || !value.TryGetValue<string>(out var type) || !IsGraphTypeName(type))
                        {
                            return false;
                        }
                    }
                    else if (!NestedTypesWellFormed(child))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray array:
                return array.All(NestedTypesWellFormed);
            default:
                return true;
        }
    }

    private static bool IsGraphTypeName(string type) =>
        type.StartsWith(GraphTypePrefix, StringComparison.Ordinal)
        && type.Length > GraphTypePrefix.Length
        && type.Length < 128
        && type.AsSpan(GraphTypePrefix.Length).ContainsAnyExcept(LetterSearch) is false;

    private static readonly System.Buffers.SearchValues<char> LetterSearch =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private static bool TryGetString(JsonObject node, string name, out string value)
    {
        if (node.TryGetPropertyValue(name, out var raw) && raw is JsonValue scalar && scalar.TryGetValue<string>(out var text))
        {
            value = text;
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>A printable, bounded rendering of caller-supplied text for logs.</summary>
    private static string Describe(string text)
    {
        var bounded = text.Length > 64 ? text[..64] + "…" : text;
        return string.Create(bounded.Length, bounded, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }

    private enum Verdict
    {
        Accepted,
        Ignored,
        Malformed,
    }
}
