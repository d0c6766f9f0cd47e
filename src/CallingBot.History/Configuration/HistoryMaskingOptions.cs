namespace CallingBot.History.Configuration;

/// <summary>How parties are masked before they are stored (<c>CallingBot:History:Masking</c>).</summary>
public sealed class HistoryMaskingOptions
{
    /// <summary>None, Partial (default) or Hash.</summary>
    public HistoryMaskingMode Mode { get; set; } = HistoryMaskingMode.Partial;

    /// <summary>
    /// The secret key of the hash (HMAC-SHA256), at least 16 characters; required with <see cref="HistoryMaskingMode.Hash"/>
    /// (a phone number's unkeyed hash is found by hashing every number). Without it, Partial hashes ids with plain
    /// SHA-256. Keep it the same on every instance and across restarts, or old and new hashes of an id differ.
    /// </summary>
    public string? HashKey { get; set; }
}
