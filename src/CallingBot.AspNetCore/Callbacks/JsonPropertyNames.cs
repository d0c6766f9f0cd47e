using System.Buffers;
using System.Collections.Frozen;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace CallingBot.AspNetCore.Callbacks;

/// <summary>
/// Property names read as the SDK reads them, without regard to case. The SDK matches notification properties ignoring
/// case and keeps the last one, so <c>"changeType":"updated","ChangeType":"deleted"</c> means <c>deleted</c> to it
/// whatever a case-sensitive reader saw first: such repeated names are found here, and names are looked up ignoring
/// case (<see cref="StringComparison.OrdinalIgnoreCase"/>, as a case-insensitive <c>JsonObject</c> does).
/// </summary>
internal static class JsonPropertyNames
{
    /// <summary>Names up to this many characters are decoded on the stack; longer ones into a pooled buffer.</summary>
    internal const int StackNameLength = 128;

    /// <summary>A set with room for more names than this (an object with many properties) is not kept for the next body.</summary>
    private const int MaxKeptSetCapacity = 256;

    /// <summary>The per-depth name sets of the thread's last body, emptied, or null while in use or before the first.</summary>
    [ThreadStatic]
    private static List<HashSet<string>>? t_sets;

    /// <summary>
    /// Names common in Graph call notifications, kept in the per-object sets as these instances instead of a new string
    /// per name read.
    /// </summary>
    private static readonly FrozenSet<string> KnownNames = new[]
    {
        "@odata.type", "@odata.id", "@odata.etag", "value", "changeType", "resourceUrl", "resourceData", "id", "state",
        "direction", "callbackUri", "callChainId", "callRoutes", "source", "targets", "identity", "user", "application",
        "phone", "guest", "displayName", "tenantId", "identityProvider", "endpointType", "region", "languageId",
        "countryCode", "replacesCallId", "requestedModalities", "activeModalities", "mediaConfig", "chatInfo",
        "meetingInfo", "transcription", "routingPolicies", "myParticipantId", "subject", "terminationReason",
        "ringingTimeoutInSeconds", "mediaState", "audio", "resultInfo", "code", "subcode", "message", "answeredBy",
        "callOptions", "isContentSharingNotificationEnabled", "meetingCapability", "toneInfo", "tone", "sequenceId",
        "incomingContext", "sourceParticipantId", "observedParticipantId", "onBehalfOf", "transferor", "threadId",
        "messageId", "replyChainMessageId", "organizer", "allowConversationWithoutHost", "info", "mediaStreams",
        "mediaType", "label", "sourceId", "serverMuted", "isMuted", "isInLobby", "meetingRole", "metadata",
        "rosterSequenceNumber", "recordingInfo", "recordingStatus", "initiator", "participants", "sequenceNumber",
        "removedState", "reason", "participantId", "call", "status", "clientContext", "completionReason",
        "recordingLocation", "recordingAccessToken", "contentSharingSession", "restrictedExperience",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The first repeated name (as written the second time), or null. The JSON must already be known to be well formed.
    /// Names are compared unescaped; a known name (<see cref="KnownNames"/>) costs no string. Throws
    /// <see cref="JsonException"/> when a name or string escapes a lone surrogate (text no reader can produce).
    /// </summary>
    public static string? FindDuplicateIgnoringCase(ReadOnlySpan<byte> json, int maxDepth)
    {
        // One set per open object, reused by depth; property names always belong to the innermost open object. The
        // sets are kept for the thread's next body unless one grew large.
        var sets = t_sets ?? [];
        t_sets = null;
        var known = KnownNames.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> stackBuffer = stackalloc char[StackNameLength];
        char[]? rented = null;
        try
        {
            var depth = 0;
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth, CommentHandling = JsonCommentHandling.Disallow });
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        if (sets.Count == depth)
                        {
                            sets.Add(new HashSet<string>(StringComparer.OrdinalIgnoreCase));
                        }

                        sets[depth++].Clear();
                        break;
                    case JsonTokenType.EndObject:
                        depth--;
                        break;
                    case JsonTokenType.PropertyName:
                        // Unescaped, a name has no more UTF-16 characters than it has bytes as written.
                        var written = reader.ValueSpan.Length;
                        var buffer = written <= stackBuffer.Length ? stackBuffer : Rent(ref rented, written);
                        var name = buffer[..Unescape(ref reader, buffer)];
                        var set = sets[depth - 1];
                        if (set.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name))
                        {
                            return new string(name);
                        }

                        set.Add(known.TryGetValue(name, out var canonical) ? canonical : new string(name));
                        break;
                    case JsonTokenType.String when reader.ValueIsEscaped:
                        // An escape can name a lone surrogate, which no reader can turn into text: refused here, once.
                        var escaped = reader.ValueSpan.Length;
                        Unescape(ref reader, escaped <= stackBuffer.Length ? stackBuffer : Rent(ref rented, escaped));
                        break;
                }
            }

            return null;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }

            Keep(sets);
        }
    }

    /// <summary>
    /// Copies the current name or string, unescaped, into <paramref name="buffer"/> and returns its length; an escaped
    /// lone surrogate (<c>"\uD800"</c>), which has no text, is a <see cref="JsonException"/> like any other invalid JSON.
    /// </summary>
    private static int Unescape(ref Utf8JsonReader reader, scoped Span<char> buffer)
    {
        try
        {
            return reader.CopyString(buffer);
        }
        catch (InvalidOperationException exception)
        {
            throw new JsonException("A string escapes an invalid UTF-16 sequence.", exception);
        }
    }

    /// <summary>
    /// The value of the property of <paramref name="obj"/> named <paramref name="name"/> (ASCII) in any case. Names
    /// repeated ignoring case are refused before (<see cref="FindDuplicateIgnoringCase"/>), so the first match is the only one.
    /// </summary>
    public static bool TryGetProperty(JsonElement obj, string name, out JsonElement value)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (NameEqualsIgnoringCase(property, name))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>
    /// The property's unescaped name equals <paramref name="name"/> (ASCII) under <see cref="StringComparison.OrdinalIgnoreCase"/>.
    /// A name written in plain ASCII is compared as written, without a string; an escaped or non-ASCII one is unescaped.
    /// </summary>
    public static bool NameEqualsIgnoringCase(JsonProperty property, string name)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.IndexOf((byte)'\\') < 0 && Ascii.IsValid(raw))
        {
            return Ascii.EqualsIgnoreCase(raw, name);
        }

        return property.Name.Equals(name, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Empties the sets and keeps them for the thread's next body, unless one holds room for a large object.</summary>
    private static void Keep(List<HashSet<string>> sets)
    {
        foreach (var set in sets)
        {
            if (set.EnsureCapacity(0) > MaxKeptSetCapacity)
            {
                return;
            }

            set.Clear();
        }

        t_sets = sets;
    }

    private static Span<char> Rent(ref char[]? rented, int length)
    {
        if (rented is null || rented.Length < length)
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
                rented = null;
            }

            rented = ArrayPool<char>.Shared.Rent(length);
        }

        return rented;
    }
}
