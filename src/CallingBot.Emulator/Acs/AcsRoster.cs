using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Acs;

/// <summary>
/// The participants of one emulated call connection, as ParticipantsUpdated reports them: every participant's
/// identifier with <c>isMuted</c> and <c>isOnHold</c>, and a sequence number that grows with each change.
/// </summary>
internal sealed class AcsRoster
{
    private readonly List<(JsonObject Identifier, bool Muted)> _participants = [];
    private int _sequence;

    /// <summary>Adds the participant unless one with the same identity is in the call; false when it was.</summary>
    public bool Add(JsonObject identifier)
    {
        lock (_participants)
        {
            if (IndexOf(identifier) >= 0)
            {
                return false;
            }

            _participants.Add((identifier.DeepClone().AsObject(), false));
            return true;
        }
    }

    public bool Remove(JsonObject identifier)
    {
        lock (_participants)
        {
            var index = IndexOf(identifier);
            if (index < 0)
            {
                return false;
            }

            _participants.RemoveAt(index);
            return true;
        }
    }

    /// <summary>Sets the participant's mute state; false when it is not in the call.</summary>
    public bool SetMuted(JsonObject identifier, bool muted)
    {
        lock (_participants)
        {
            var index = IndexOf(identifier);
            if (index < 0)
            {
                return false;
            }

            _participants[index] = (_participants[index].Identifier, muted);
            return true;
        }
    }

    /// <summary>Whether the participant is muted; false when it is not in the call.</summary>
    public bool IsMuted(JsonObject identifier, out bool muted)
    {
        lock (_participants)
        {
            var index = IndexOf(identifier);
            muted = index >= 0 && _participants[index].Muted;
            return index >= 0;
        }
    }

    /// <summary>The ParticipantsUpdated data of the roster as it is now, with the next sequence number.</summary>
    public JsonObject Snapshot()
    {
        lock (_participants)
        {
            var participants = new JsonArray();
            foreach (var (identifier, muted) in _participants)
            {
                participants.Add(new JsonObject { ["identifier"] = identifier.DeepClone(), ["isMuted"] = muted, ["isOnHold"] = false });
            }

            return new JsonObject { ["participants"] = participants, ["sequenceNumber"] = ++_sequence };
        }
    }

    /// <summary>The raw ids of the participants, with "(muted)" after the muted ones.</summary>
    public IReadOnlyList<string> Describe()
    {
        lock (_participants)
        {
            return [.. _participants.Select(p => Key(p.Identifier) + (p.Muted ? " (muted)" : string.Empty))];
        }
    }

    /// <summary>
    /// The identity an identifier names, whichever form it takes: a phone's number, a communication user's id, a
    /// Teams user's id, else the raw id (with the <c>4:</c> prefix of phone raw ids removed).
    /// </summary>
    public static string Key(JsonObject identifier)
    {
        static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
        var key = Text(identifier["phoneNumber"]?["value"]) ?? Text(identifier["communicationUser"]?["id"]) ?? Text(identifier["microsoftTeamsUser"]?["userId"]) ?? Text(identifier["rawId"]) ?? Text(identifier["id"]) ?? string.Empty;
        return key.StartsWith("4:", StringComparison.Ordinal) ? key[2..] : key;
    }

    /// <summary>
    /// The raw id of an identifier, as ACS labels media frames (<c>participantRawID</c>): its <c>rawId</c> when given,
    /// else built from its kind (<c>4:+E164</c> for a phone, the id itself for a communication user).
    /// </summary>
    public static string RawId(JsonObject identifier)
    {
        static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
        return Text(identifier["rawId"])
            ?? (Text(identifier["phoneNumber"]?["value"]) is { } number ? "4:" + number : null)
            ?? Key(identifier);
    }

    private int IndexOf(JsonObject identifier)
    {
        var key = Key(identifier);
        return _participants.FindIndex(p => string.Equals(Key(p.Identifier), key, StringComparison.OrdinalIgnoreCase));
    }
}
