using CallingBot.Core.Manager;
using CallingBot.Core.Meetings;
using CallingBot.Core.Routing;

namespace MeetingBot;

/// <summary>Starts the meeting bot: by join URL, or by answering an invitation into a meeting.</summary>
public static class MeetingBotLauncher
{
    /// <summary>
    /// Joins the meeting behind <paramref name="joinUrl"/> (the link of the meeting invitation).
    /// Throws <see cref="FormatException"/> saying what is wrong with a malformed link.
    /// </summary>
    public static Task<CallSnapshot> JoinAsync(ICallManager manager, string joinUrl, MeetingBotOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(options);
        var coordinates = TeamsJoinUrl.Parse(joinUrl);
        return manager.JoinMeetingAsync(new MeetingJoinRequest { Coordinates = coordinates }, new MeetingBotHandler(options), cancellationToken);
    }

    /// <summary>Answers invitations into meetings with the meeting bot and declines everything else.</summary>
    public static IIncomingCallRouter CreateRouter(MeetingBotOptions options) =>
        new RuleBasedRouter()
            .WhenMeetingInvite(_ => CallDecision.Answer(new MeetingBotHandler(options)))
            .Otherwise(_ => CallDecision.Reject(CallingBot.Core.Calls.RejectReason.Busy));
}
