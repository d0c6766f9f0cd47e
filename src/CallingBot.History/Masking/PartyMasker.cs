using System.Security.Cryptography;
using System.Text;
using CallingBot.Core.Calls;
using CallingBot.History.Configuration;
using CallingBot.History.Records;

namespace CallingBot.History.Masking;

/// <summary>
/// Masks the parties of a call before they are stored, as <c>CallingBot:History:Masking</c> says, and a filter value
/// the same way, so a query by phone number or user id finds the masked record.
/// </summary>
internal sealed class PartyMasker
{
    /// <summary>The prefix of a hashed id: 32 hex digits (the first 128 bits of the HMAC-SHA256 or SHA-256) follow.</summary>
    public const string HashPrefix = "h:";

    private readonly HistoryMaskingMode _mode;
    private readonly byte[]? _key;

    public PartyMasker(HistoryMaskingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _mode = options.Mode;
        _key = string.IsNullOrWhiteSpace(options.HashKey) ? null : Encoding.UTF8.GetBytes(options.HashKey.Trim());
    }

    public HistoryMaskingMode Mode => _mode;

    public CallHistoryParty Mask(ParticipantIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var kind = KindName(identity.Kind);
        return _mode == HistoryMaskingMode.None
            ? new CallHistoryParty(kind, identity.Id, identity.DisplayName)
            : new CallHistoryParty(kind, MaskId(identity.Id, identity.Kind == IdentityKind.Phone), DisplayName: null);
    }

    /// <summary>
    /// A filter value masked like a stored id: an E.164 number as a phone, anything else as an id. A value already in
    /// masked form (a hash, or a number with its digits starred) is taken as it is.
    /// </summary>
    public string MaskQuery(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var trimmed = value.Trim();
        if (_mode == HistoryMaskingMode.None || trimmed.StartsWith(HashPrefix, StringComparison.Ordinal) || trimmed.Contains('*', StringComparison.Ordinal))
        {
            return trimmed;
        }

        return MaskId(trimmed, PhoneNumber.IsE164(trimmed));
    }

    public static string KindName(IdentityKind kind) => kind switch
    {
        IdentityKind.User => "user",
        IdentityKind.Phone => "phone",
        IdentityKind.Application => "application",
        IdentityKind.ApplicationInstance => "applicationInstance",
        IdentityKind.Guest => "guest",
        _ => kind.ToString(),
    };

    private string MaskId(string id, bool phone)
    {
        if (phone && _mode == HistoryMaskingMode.Partial)
        {
            return KeepLastDigits(id, 4);
        }

        // Ids other than numbers are compared without case (Entra object ids are GUIDs, written either way).
        return Hash(phone ? id : id.ToLowerInvariant());
    }

    /// <summary><c>+14255550123</c> becomes <c>+*******0123</c>: the leading plus, a star per hidden digit, the last digits.</summary>
    private static string KeepLastDigits(string number, int keep)
    {
        var digits = number.StartsWith('+') ? number[1..] : number;
        if (digits.Length <= keep)
        {
            return new string('*', digits.Length);
        }

        return string.Concat("+", new string('*', digits.Length - keep), digits.AsSpan(digits.Length - keep));
    }

    private string Hash(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> digest = stackalloc byte[32];
        if (_key is null)
        {
            SHA256.HashData(bytes, digest);
        }
        else
        {
            HMACSHA256.HashData(_key, bytes, digest);
        }

        return HashPrefix + Convert.ToHexStringLower(digest[..16]);
    }
}
