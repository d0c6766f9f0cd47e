using System.Text.Json;
using System.Text.Json.Nodes;
using CallingBot.Core.Calls;

namespace CallingBot.Acs.Calling;

/// <summary>Converts between Core's <see cref="ParticipantIdentity"/> and ACS's CommunicationIdentifierModel JSON.</summary>
internal static class AcsIdentifiers
{
    /// <summary>Users become <c>communicationUser</c>, phones <c>phoneNumber</c>; other kinds have no ACS identifier.</summary>
    public static JsonObject ToModel(ParticipantIdentity identity, string verb) => identity.Kind switch
    {
        IdentityKind.User => new JsonObject { ["kind"] = "communicationUser", ["rawId"] = identity.Id, ["communicationUser"] = new JsonObject { ["id"] = identity.Id } },
        IdentityKind.Phone => new JsonObject { ["kind"] = "phoneNumber", ["rawId"] = "4:" + identity.Id, ["phoneNumber"] = new JsonObject { ["value"] = identity.Id } },
        _ => throw new NotSupportedException($"The Azure Communication Services platform cannot {verb} a {identity.Kind} identity: use a communication user (8:acs:…) or a phone number."),
    };

    /// <summary>A raw id (<c>8:acs:…</c>, <c>4:+1…</c> or <c>+1…</c>) as a CommunicationIdentifierModel.</summary>
    public static JsonObject FromRawId(string rawId)
    {
        if (rawId.StartsWith("4:", StringComparison.Ordinal))
        {
            rawId = rawId[2..];
        }

        return rawId.StartsWith('+') ? ToModel(ParticipantIdentity.Phone(rawId), "address") : ToModel(ParticipantIdentity.User(rawId), "address");
    }

    /// <summary>Core's identity of an identifier in an event: phone numbers as <see cref="IdentityKind.Phone"/>, everything else as a user by raw id.</summary>
    public static ParticipantIdentity ToIdentity(JsonElement model, string? displayName)
    {
        if (model.TryGetProperty("phoneNumber", out var phone) && phone.ValueKind == JsonValueKind.Object
            && phone.TryGetProperty("value", out var number) && number.ValueKind == JsonValueKind.String)
        {
            return new ParticipantIdentity(IdentityKind.Phone, number.GetString()!);
        }

        var rawId = model.TryGetProperty("rawId", out var raw) && raw.ValueKind == JsonValueKind.String ? raw.GetString()
            : model.TryGetProperty("communicationUser", out var user) && user.TryGetProperty("id", out var id) ? id.GetString() : null;
        return ParticipantIdentity.User(rawId ?? "unknown", string.IsNullOrEmpty(displayName) ? null : displayName);
    }

    /// <summary>ACS's tone names (<c>zero</c> … <c>nine</c>, <c>asterisk</c>, <c>pound</c>, <c>a</c> … <c>d</c>) for DTMF keys.</summary>
    public static string ToneName(char tone) => char.ToUpperInvariant(tone) switch
    {
        >= '0' and <= '9' => Digits[tone - '0'],
        '*' => "asterisk",
        '#' => "pound",
        'A' => "a",
        'B' => "b",
        'C' => "c",
        'D' => "d",
        _ => throw new ArgumentException($"'{tone}' is not a DTMF key (0-9, *, #, A-D).", nameof(tone)),
    };

    public static char? ToneKey(string? name)
    {
        var index = Array.IndexOf(Digits, name?.ToLowerInvariant());
        if (index >= 0)
        {
            return (char)('0' + index);
        }

        return name?.ToLowerInvariant() switch
        {
            "asterisk" => '*',
            "pound" => '#',
            "a" => 'A',
            "b" => 'B',
            "c" => 'C',
            "d" => 'D',
            _ => null,
        };
    }

    private static readonly string[] Digits = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
}
