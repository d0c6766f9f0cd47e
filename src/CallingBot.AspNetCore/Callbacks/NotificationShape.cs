using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
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
/// reported as ignored. The batch is read once into a pooled <see cref="JsonDocument"/>; only a batch that loses
/// notifications is written again.
/// </summary>
internal static class NotificationShape
{
    public const int MaxDepth = 32;
    public const int MaxNotifications = 100;
    public const int MaxArrayLength = 1000;

    /// <summary>Longest accepted id segment in a resource URL.</summary>
    public const int MaxIdLength = CallResourcePath.MaxIdLength;

    private const string GraphTypePrefix = "#microsoft.graph.";
    private const string NotUtf8Json = "The body is not valid UTF-8 JSON.";

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

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> KnownResourceTypeNames = KnownResourceTypes.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Checks a batch as received, UTF-8 bytes; the text handed on is decoded once, only when nothing is removed.</summary>
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

        if (!Utf8.IsValid(utf8))
        {
            return NotificationInspection.Malformed(NotUtf8Json);
        }

        // The document reads from memory, not a span: a pooled copy, returned once the document is disposed.
        var copy = ArrayPool<byte>.Shared.Rent(utf8.Length);
        try
        {
            utf8.CopyTo(copy);
            return InspectWellFormed(copy.AsMemory(0, utf8.Length), text: null, callStatus);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>
    /// Checks a batch held as text (one another instance received and handed over) exactly as its UTF-8 encoding would
    /// be checked; when nothing is removed, <paramref name="body"/> itself is the body handed on.
    /// </summary>
    /// <param name="body">The batch.</param>
    /// <param name="callStatus">As for the UTF-8 overload.</param>
    public static NotificationInspection Inspect(string body, Func<string, CallStatus>? callStatus = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(body));
        try
        {
            if (Utf8.FromUtf16(body, utf8, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                // A lone surrogate: its encoding holds a replacement character, and so does the text handed on.
                return Inspect(Encoding.UTF8.GetBytes(body), callStatus);
            }

            var json = utf8.AsMemory(0, written);
            return JsonLimits.Check(json.Span, MaxDepth, MaxArrayLength) is { } limitError
                ? NotificationInspection.Malformed(limitError)
                : InspectWellFormed(json, body, callStatus);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>The checks after the limits and UTF-8: <paramref name="text"/> is the body as text when the caller has it.</summary>
    private static NotificationInspection InspectWellFormed(ReadOnlyMemory<byte> utf8, string? text, Func<string, CallStatus>? callStatus)
    {
        JsonDocument document;
        try
        {
            if (JsonPropertyNames.FindDuplicateIgnoringCase(utf8.Span, MaxDepth + 2) is { } repeated)
            {
                return NotificationInspection.Malformed($"Property names must be unique within an object, ignoring case: '{Describe(repeated)}' repeats.");
            }

            // A name repeated within an object is refused above even in another case, so the document need not look
            // for exact repeats (AllowDuplicateProperties = false would refuse nothing more, and costs a set per object).
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = MaxDepth + 2 });
        }
        catch (Exception exception) when (exception is ArgumentException or JsonException)
        {
            return NotificationInspection.Malformed(NotUtf8Json);
        }

        using (document)
        {
            return InspectBatch(document.RootElement, utf8.Span, text, callStatus);
        }
    }

    /// <summary>The batch's envelope and notifications, read from the document of <paramref name="utf8"/>.</summary>
    private static NotificationInspection InspectBatch(JsonElement envelope, ReadOnlySpan<byte> utf8, string? text, Func<string, CallStatus>? callStatus)
    {
        if (envelope.ValueKind != JsonValueKind.Object
            || !JsonPropertyNames.TryGetProperty(envelope, "value", out var notifications)
            || notifications.ValueKind != JsonValueKind.Array)
        {
            return NotificationInspection.Malformed("Expected a commsNotifications object with a 'value' array.");
        }

        // A root holding resourceData makes the SDK read the root itself as one notification, ignoring 'value'.
        if (JsonPropertyNames.TryGetProperty(envelope, "resourceData", out _))
        {
            return NotificationInspection.Malformed("The commsNotifications object must not hold resourceData; notifications belong in 'value'.");
        }

        var count = notifications.GetArrayLength();
        if (count == 0)
        {
            return NotificationInspection.Malformed("The batch holds no notification.");
        }

        if (count > MaxNotifications)
        {
            return NotificationInspection.Malformed($"A batch holds at most {MaxNotifications} notifications.");
        }

        List<string>? ignored = null;
        List<int>? toRemove = null;
        List<string>? deleted = null;
        List<string>? callIds = null;
        List<string>? createdCallIds = null;
        List<string>? incomingCallIds = null;
        List<string>? unknownCallIds = null;
        var versioned = true;
        var index = 0;
        foreach (var item in notifications.EnumerateArray())
        {
            var verdict = Check(item, index, out var description, out var callId, out var deletesCall, out var createsCall);
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
                    (toRemove ??= []).Add(index);
                    break;
                case Verdict.Accepted:
                    versioned &= NotificationVersion.NamesOneEvent(item);
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
                        if (IsCallResource(item))
                        {
                            (incomingCallIds ??= []).Add(callId);
                        }
                    }

                    break;
            }

            index++;
        }

        // The bytes are valid UTF-8 (checked first), so decoding cannot fail: the text is decoded here, once, if at all.
        var accepted = count - (toRemove?.Count ?? 0);
        var body = toRemove is null ? text ?? Encoding.UTF8.GetString(utf8) : accepted == 0 ? null : WithoutNotifications(envelope, toRemove, utf8.Length);
        return new NotificationInspection(null, body, accepted, ignored ?? (IReadOnlyList<string>)[], deleted ?? (IReadOnlyList<string>)[], accepted > 0 && versioned)
        {
            CallIds = callIds ?? (IReadOnlyList<string>)[],
            UnknownCallIds = unknownCallIds is null
                ? []
                : unknownCallIds.Except(createdCallIds ?? [], StringComparer.OrdinalIgnoreCase).Except(deleted ?? [], StringComparer.OrdinalIgnoreCase).ToArray(),
            IncomingCallIds = incomingCallIds ?? (IReadOnlyList<string>)[],
        };
    }

    /// <summary>
    /// The envelope written again without the notifications at <paramref name="removed"/> (ascending indexes in
    /// <c>value</c>), every other property and notification as a serialized <c>JsonNode</c> of the envelope writes them
    /// (compact, strings escaped by the default encoder).
    /// </summary>
    private static string WithoutNotifications(JsonElement envelope, List<int> removed, int capacity)
    {
        var output = new ArrayBufferWriter<byte>(capacity);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            foreach (var property in envelope.EnumerateObject())
            {
                if (!JsonPropertyNames.NameEqualsIgnoringCase(property, "value"))
                {
                    property.WriteTo(writer);
                    continue;
                }

                writer.WritePropertyName(property.Name);
                writer.WriteStartArray();
                var index = 0;
                var next = 0;
                foreach (var item in property.Value.EnumerateArray())
                {
                    if (next < removed.Count && removed[next] == index)
                    {
                        next++;
                    }
                    else
                    {
                        item.WriteTo(writer);
                    }

                    index++;
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static Verdict Check(JsonElement notification, int index, out string description, out string callId, out bool deletesCall, out bool createsCall)
    {
        var field = $"value[{index}]";
        callId = string.Empty;
        deletesCall = false;
        createsCall = false;
        if (notification.ValueKind != JsonValueKind.Object)
        {
            description = $"{field} must be an object.";
            return Verdict.Malformed;
        }

        if (!TryGetString(notification, "changeType", out var changeType) || !IsChangeType(changeType))
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

        if (!JsonPropertyNames.TryGetProperty(notification, "resourceData", out var data) || data.ValueKind == JsonValueKind.Null)
        {
            description = $"{field}.resourceData is required.";
            return Verdict.Malformed;
        }

        string? identityError;
        if (data.ValueKind == JsonValueKind.Object)
        {
            if (!TryGetString(data, "@odata.type", out var type))
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
            if (type.EndsWith("Operation", StringComparison.Ordinal) && !(TryGetString(data, "clientContext", out var context) && context.Length > 0))
            {
                description = $"{field}.resourceData.clientContext is required for an operation.";
                return Verdict.Malformed;
            }

            identityError = ResourceIdentity.CheckObject(data, type.AsSpan(GraphTypePrefix.Length), path, field + ".resourceData");
        }
        else if (data.ValueKind == JsonValueKind.Array && AllOfKnownTypes(data))
        {
            identityError = ResourceIdentity.CheckArray(data, path, field + ".resourceData");
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

    private static bool IsChangeType(string changeType) =>
        changeType.Equals("created", StringComparison.OrdinalIgnoreCase)
        || changeType.Equals("updated", StringComparison.OrdinalIgnoreCase)
        || changeType.Equals("deleted", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every item of an array <c>resourceData</c> is an object with a known Graph <c>@odata.type</c>.</summary>
    private static bool AllOfKnownTypes(JsonElement items)
    {
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !TryGetString(item, "@odata.type", out var type) || !IsKnownResourceType(type))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The notification's resource is a call itself (<c>#microsoft.graph.call</c>): how a new call arrives.</summary>
    private static bool IsCallResource(JsonElement notification) =>
        JsonPropertyNames.TryGetProperty(notification, "resourceData", out var data)
        && data.ValueKind == JsonValueKind.Object
        && TryGetString(data, "@odata.type", out var type)
        && type.Equals(GraphTypePrefix + "call", StringComparison.OrdinalIgnoreCase);

    private static bool IsKnownResourceType(string type) =>
        type.StartsWith(GraphTypePrefix, StringComparison.Ordinal) && KnownResourceTypeNames.Contains(type.AsSpan(GraphTypePrefix.Length));

    /// <summary>Every <c>@odata.type</c> (in any case, as the SDK reads it) in the notification is a string <c>#microsoft.graph.{letters}</c>.</summary>
    private static bool NestedTypesWellFormed(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (JsonPropertyNames.NameEqualsIgnoringCase(property, "@odata.type"))
                    {
                        if (!IsGraphTypeName(property.Value))
                        {
                            return false;
                        }
                    }
                    else if (!NestedTypesWellFormed(property.Value))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!NestedTypesWellFormed(item))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    /// <summary>
    /// A string value that <see cref="IsGraphTypeName(string)"/>; one written without escapes is checked as written,
    /// without a string (its UTF-8 is the prefix and ASCII letters exactly when its text is).
    /// </summary>
    private static bool IsGraphTypeName(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var quoted = JsonMarshal.GetRawUtf8Value(value);
        var written = quoted[1..^1];
        if (written.IndexOf((byte)'\\') >= 0)
        {
            return IsGraphTypeName(value.GetString()!);
        }

        return written.StartsWith(GraphTypePrefixUtf8)
            && written.Length > GraphTypePrefixUtf8.Length
            && written.Length < 128
            && written[GraphTypePrefixUtf8.Length..].ContainsAnyExcept(LetterBytes) is false;
    }

    private static bool IsGraphTypeName(string type) =>
        type.StartsWith(GraphTypePrefix, StringComparison.Ordinal)
        && type.Length > GraphTypePrefix.Length
        && type.Length < 128
        && type.AsSpan(GraphTypePrefix.Length).ContainsAnyExcept(LetterSearch) is false;

    private static readonly SearchValues<char> LetterSearch = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private static readonly SearchValues<byte> LetterBytes = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"u8);

    private static ReadOnlySpan<byte> GraphTypePrefixUtf8 => "#microsoft.graph."u8;

    /// <summary>The string value of the property named <paramref name="name"/> in any case; false when absent or not a string.</summary>
    private static bool TryGetString(JsonElement obj, string name, out string value)
    {
        if (JsonPropertyNames.TryGetProperty(obj, name, out var raw) && raw.ValueKind == JsonValueKind.String)
        {
            value = raw.GetString()!;
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
