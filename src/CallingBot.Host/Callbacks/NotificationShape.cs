using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallingBot.Host.Security;

namespace CallingBot.Host.Callbacks;

/// <summary>
/// The structural check of a notification batch before the SDK deserializes it: well-formed UTF-8 JSON, bounded depth
/// and array sizes, a <c>commsNotifications</c> object whose <c>value</c> array holds 1 to <see cref="MaxNotifications"/>
/// notifications, each with a known change type and a well-formed resource URL. Notifications about resources other
/// than calls (or with a resource type outside Graph's namespace) are dropped and reported as ignored.
/// </summary>
public static class NotificationShape
{
    public const int MaxDepth = 32;
    public const int MaxNotifications = 100;
    public const int MaxArrayLength = 1000;

    /// <summary>Longest accepted id segment in a resource URL.</summary>
    public const int MaxIdLength = 128;

    private const string CallsPrefix = "/communications/calls/";
    private const string GraphTypePrefix = "#microsoft.graph.";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly string[] ChangeTypes = ["created", "updated", "deleted"];

    /// <summary>The resource types of call notifications the bot acts on; others are ignored with a log line.</summary>
    private static readonly HashSet<string> KnownResourceTypes = new(StringComparer.Ordinal)
    {
        "call", "participant", "commsOperation", "playPromptOperation", "recordOperation", "subscribeToToneOperation",
        "cancelMediaProcessingOperation", "muteParticipantOperation", "unmuteParticipantOperation",
        "updateRecordingStatusOperation", "sendDtmfTonesOperation", "inviteParticipantsOperation",
        "startHoldMusicOperation", "stopHoldMusicOperation", "addLargeGalleryViewOperation", "muteParticipantsOperation",
        "contentSharingSession", "audioRoutingGroup", "participantJoiningNotification", "participantLeftNotification",
        "deltaParticipants",
    };

    /// <param name="utf8">The request body.</param>
    /// <param name="isEndedCall">Calls whose notifications are ignored (calls that already ended), or null.</param>
    public static NotificationInspection Inspect(ReadOnlySpan<byte> utf8, Func<string, bool>? isEndedCall = null)
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
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth + 2, AllowDuplicateProperties = false });
        }
        catch (Exception exception) when (exception is DecoderFallbackException or ArgumentException or JsonException)
        {
            return NotificationInspection.Malformed("The body is not valid UTF-8 JSON.");
        }

        if (root is not JsonObject envelope || !envelope.TryGetPropertyValue("value", out var value) || value is not JsonArray notifications)
        {
            return NotificationInspection.Malformed("Expected a commsNotifications object with a 'value' array.");
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
        foreach (var item in notifications)
        {
            var verdict = Check(item, out var description, out var callId, out var deletesCall);
            if (verdict == Verdict.Accepted && isEndedCall is not null && isEndedCall(callId))
            {
                verdict = Verdict.Ignored;
                description = "call that already ended";
            }

            switch (verdict)
            {
                case Verdict.Malformed:
                    return NotificationInspection.Malformed(description);
                case Verdict.Ignored:
                    (ignored ??= []).Add(description);
                    (toRemove ??= []).Add(item!);
                    break;
                case Verdict.Accepted when deletesCall:
                    (deleted ??= []).Add(callId);
                    break;
            }
        }

        foreach (var item in toRemove ?? [])
        {
            notifications.Remove(item);
        }

        var accepted = notifications.Count;
        var body = toRemove is null ? text : accepted == 0 ? null : envelope.ToJsonString();
        return new NotificationInspection(null, body, accepted, ignored ?? (IReadOnlyList<string>)[], deleted ?? (IReadOnlyList<string>)[]);
    }

    private static Verdict Check(JsonNode? item, out string description, out string callId, out bool deletesCall)
    {
        callId = string.Empty;
        deletesCall = false;
        if (item is not JsonObject notification)
        {
            description = "Each notification must be an object.";
            return Verdict.Malformed;
        }

        if (!TryGetString(notification, "changeType", out var changeType) || !ChangeTypes.Contains(changeType, StringComparer.OrdinalIgnoreCase))
        {
            description = "Each notification needs a changeType of created, updated or deleted.";
            return Verdict.Malformed;
        }

        if (!TryGetString(notification, "resourceUrl", out var resourceUrl) || !resourceUrl.StartsWith('/') || resourceUrl.Length > 1024)
        {
            description = "Each notification needs a resourceUrl.";
            return Verdict.Malformed;
        }

        if (!resourceUrl.StartsWith(CallsPrefix, StringComparison.OrdinalIgnoreCase))
        {
            description = $"resource {Describe(resourceUrl)}";
            return Verdict.Ignored;
        }

        var path = resourceUrl.AsSpan(CallsPrefix.Length);
        if (!IsWellFormedCallPath(path))
        {
            description = "The resourceUrl holds an invalid id.";
            return Verdict.Malformed;
        }

        var slash = path.IndexOf('/');
        callId = (slash < 0 ? path : path[..slash]).ToString();
        deletesCall = slash < 0 && changeType.Equals("deleted", StringComparison.OrdinalIgnoreCase);

        if (!notification.TryGetPropertyValue("resourceData", out var data) || data is null)
        {
            description = "Each notification needs resourceData.";
            return Verdict.Malformed;
        }

        if (data is JsonObject single)
        {
            if (!TryGetString(single, "@odata.type", out var type))
            {
                description = "resourceData needs an @odata.type.";
                return Verdict.Malformed;
            }

            if (!IsKnownResourceType(type))
            {
                description = $"type {Describe(type)}";
                return Verdict.Ignored;
            }
        }
        else if (data is not JsonArray collection
            || collection.Any(element => element is not JsonObject o || !TryGetString(o, "@odata.type", out var t) || !IsKnownResourceType(t)))
        {
            description = "resourceData must be an object or an array of objects, each with a Graph @odata.type.";
            return Verdict.Malformed;
        }

        if (!NestedTypesWellFormed(notification))
        {
            description = "An @odata.type is not a Graph type name.";
            return Verdict.Malformed;
        }

        description = string.Empty;
        return Verdict.Accepted;
    }

    private static bool IsKnownResourceType(string type) =>
        type.StartsWith(GraphTypePrefix, StringComparison.Ordinal) && KnownResourceTypes.Contains(type[GraphTypePrefix.Length..]);

    /// <summary>Every <c>@odata.type</c> in the notification is a string <c>#microsoft.graph.{letters}</c>.</summary>
    private static bool NestedTypesWellFormed(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    if (name == "@odata.type")
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

    /// <summary>Call id and sub-resources: at most 6 segments, each 1-128 characters of letters, digits, '-', '_' and '.'.</summary>
    private static bool IsWellFormedCallPath(ReadOnlySpan<char> path)
    {
        var segments = 0;
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (++segments > 6 || segment.Length is 0 or > MaxIdLength || segment is "." or "..")
            {
                return false;
            }

            foreach (var c in segment)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
                {
                    return false;
                }
            }
        }

        return segments > 0;
    }

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
