namespace CallingBot.Emulator.Control;

/// <summary>
/// A callee with the <c>browser</c> behaviour that is ringing: answer or decline it with
/// <see cref="EmulatorControl.AnswerRingingAsync"/> / <see cref="EmulatorControl.DeclineRingingAsync"/>
/// (<c>POST /emulator/ringing/{ringId}/answer|decline</c>).
/// </summary>
/// <param name="RingId">Identifies this ring.</param>
/// <param name="CallId">The call that rings.</param>
/// <param name="AppId">The bot that placed the call.</param>
/// <param name="Role"><c>callee</c> (the bot calls), <c>invitee</c> (the bot invites into a call) or <c>transferTarget</c>.</param>
/// <param name="IdentityKind"><c>user</c> or <c>phone</c>.</param>
/// <param name="IdentityId">The user id or phone number that rings.</param>
/// <param name="DisplayName">The display name the bot gave, if any.</param>
/// <param name="Since">When ringing started (emulator clock).</param>
public sealed record RingingCallee(string RingId, string CallId, string AppId, string Role, string IdentityKind, string IdentityId, string? DisplayName, DateTimeOffset Since);
