using System.Security.Cryptography;
using System.Text;

namespace CallingBot.Recording.Compliance;

/// <summary>
/// Turns call and participant ids (any length, any characters) into file name parts that are safe on every file
/// system and bounded: at most <see cref="MaxPrefixLength"/> characters of the id with everything but ASCII letters,
/// digits, <c>-</c> and <c>_</c> replaced by <c>_</c>, then <c>-</c> and the first <see cref="ShortHashLength"/> hex
/// digits of the SHA-256 of the whole id (UTF-8). Ids that look alike (<c>a.b</c>, <c>a_b</c>) get different parts;
/// the metadata maps every file back to its full id.
/// </summary>
internal static class RecordingFileNames
{
    public const int MaxPrefixLength = 40;

    public const int ShortHashLength = 12;

    /// <summary>The longest part: a full-length hash, used only when two ids of one recording share a short one.</summary>
    public const int MaxPartLength = MaxPrefixLength + 1 + 64;

    /// <param name="hashLength">Hex digits of the hash: <see cref="ShortHashLength"/>, or 64 to settle a collision.</param>
    public static string Part(string id, int hashLength = ShortHashLength)
    {
        ArgumentNullException.ThrowIfNull(id);
        var prefixLength = Math.Min(id.Length, MaxPrefixLength);
        var builder = new StringBuilder(prefixLength + 1 + hashLength);
        foreach (var c in id.AsSpan(0, prefixLength))
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
        return builder.Append('-').Append(hash, 0, hashLength).ToString();
    }
}
