using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace CallingBot.History.Querying;

/// <summary>
/// Where a page of the history ended: the start time and id of its last call (pages run newest first). Its token is
/// opaque to clients; a token that does not decode is refused.
/// </summary>
public sealed record CallHistoryCursor(DateTimeOffset StartedAt, string CallId)
{
    private const string Version = "1";
    private const int MaxCallIdLength = 256;

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('|', Version, StartedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), CallId)));

    public static bool TryDecode(string? token, out CallHistoryCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var parts = text.Split('|', 3);
        if (parts.Length != 3 || parts[0] != Version || parts[2].Length is 0 or > MaxCallIdLength
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        cursor = new CallHistoryCursor(new DateTimeOffset(ticks, TimeSpan.Zero), parts[2]);
        return true;
    }
}
