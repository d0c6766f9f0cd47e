namespace CallingBot.AspNetCore.Callbacks;

/// <summary>The outcome of <see cref="CallbackReplayCache.Begin"/>.</summary>
/// <param name="Verdict">Fresh, replay or in flight.</param>
/// <param name="Key">Identifies the token and body; pass it to <see cref="CallbackReplayCache.Complete"/> or <see cref="CallbackReplayCache.Abandon"/>.</param>
/// <param name="IsFirstReplayOfToken">True for the first replay seen with this token (log it once).</param>
/// <param name="Response">For a replay, the JSON the first delivery was answered with, or null when it had none.</param>
internal readonly record struct CallbackReplayCheck(CallbackReplayVerdict Verdict, UInt128 Key, bool IsFirstReplayOfToken, string? Response = null);
