using CallingBot.Core.Calls;

namespace CallingBot.Core.Platform;

/// <summary>
/// A transfer of the call to <paramref name="Target"/>. Blind when <paramref name="ReplacesCallId"/> is null;
/// consultative when it names the bot's other call with the target, which the transfer replaces.
/// </summary>
/// <param name="Transferee">For group calls: the participant being transferred.</param>
public sealed record TransferOptions(ParticipantIdentity Target, string? ReplacesCallId = null, string? Transferee = null);
