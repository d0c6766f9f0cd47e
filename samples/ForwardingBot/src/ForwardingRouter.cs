using CallingBot.Core.Calls;
using CallingBot.Core.Routing;

namespace ForwardingBot;

/// <summary>
/// The forwarding rules, first match wins: blocked callers are rejected; VIPs go to the assistant; phone callers go to
/// the front desk number; during office hours the team rings simultaneously; otherwise voicemail. The bot never answers.
/// </summary>
public static class ForwardingRouter
{
    /// <param name="timeProvider">The clock office hours are read from (tests pass a manual one).</param>
    public static RuleBasedRouter Create(ForwardingOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var team = new RedirectOptions(options.Team, options.RingTimeout);
        var voicemail = new RedirectOptions([options.VoicemailOwner], toVoicemail: true);
        var router = new RuleBasedRouter(timeProvider)
            .WhenCaller(caller => options.BlockedCallers.Contains(caller.Id), _ => CallDecision.Reject(RejectReason.Forbidden))
            .WhenCaller(caller => options.VipCallers.Contains(caller.Id), _ => CallDecision.Redirect(options.Assistant));
        if (options.PhoneCallersTo is { } frontDesk)
        {
            router.WhenCaller(caller => caller.Kind == IdentityKind.Phone, _ => CallDecision.Redirect(frontDesk));
        }

        return router
            .WhenTimeOfDay(options.OfficeOpens, options.OfficeCloses, _ => CallDecision.Redirect(team), options.TimeZone)
            .Otherwise(_ => CallDecision.Redirect(voicemail));
    }
}
