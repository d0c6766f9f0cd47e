using CallingBot.Core.Calls;

namespace CallingBot.Core.Routing;

/// <summary>
/// Routes calls by the first matching rule, in the order added; a fallback decides when none matches.
/// <code>
/// var router = new RuleBasedRouter(timeProvider)
///     .When("vip", c => c.Caller.Id == vipId, c => CallDecision.Redirect(ParticipantIdentity.User(assistantId)))
///     .WhenMeetingInvite(c => CallDecision.Answer(new MeetingHandler()))
///     .Otherwise(c => CallDecision.Answer(new MenuHandler()));
/// </code>
/// </summary>
public sealed class RuleBasedRouter : IIncomingCallRouter
{
    private readonly List<CallRoute> _routes = [];
    private readonly TimeProvider _timeProvider;
    private Func<AdoptedCallInfo, Handlers.CallHandler?>? _adopt;
    private Func<IncomingCallInfo, CallDecision> _fallback = _ => CallDecision.Reject(RejectReason.Busy);

    public RuleBasedRouter(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public IReadOnlyList<CallRoute> Routes => _routes;

    public RuleBasedRouter When(string name, Func<IncomingCallInfo, bool> matches, Func<IncomingCallInfo, CallDecision> decide)
    {
        _routes.Add(new CallRoute(name, matches, decide));
        return this;
    }

    public RuleBasedRouter WhenCaller(Func<ParticipantIdentity, bool> caller, Func<IncomingCallInfo, CallDecision> decide) =>
        When("caller", c => caller(c.Caller), decide);

    public RuleBasedRouter WhenCallee(Func<ParticipantIdentity, bool> callee, Func<IncomingCallInfo, CallDecision> decide) =>
        When("callee", c => c.Callee is { } target && callee(target), decide);

    public RuleBasedRouter WhenTenant(string tenantId, Func<IncomingCallInfo, CallDecision> decide) =>
        When("tenant", c => string.Equals(c.TenantId, tenantId, StringComparison.OrdinalIgnoreCase), decide);

    public RuleBasedRouter WhenPeerToPeer(Func<IncomingCallInfo, CallDecision> decide) => When("peer-to-peer", c => c.IsPeerToPeer, decide);

    public RuleBasedRouter WhenMeetingInvite(Func<IncomingCallInfo, CallDecision> decide) => When("meeting-invite", c => c.Meeting is not null, decide);

    public RuleBasedRouter WhenPolicyRecording(Func<IncomingCallInfo, CallDecision> decide) => When("policy-recording", c => c.PolicyRecording is not null, decide);

    /// <summary>
    /// Matches calls received between <paramref name="from"/> and <paramref name="to"/> (local time of
    /// <paramref name="timeZone"/>, UTC by default). A window that wraps midnight (22:00–06:00) works.
    /// </summary>
    public RuleBasedRouter WhenTimeOfDay(TimeOnly from, TimeOnly to, Func<IncomingCallInfo, CallDecision> decide, TimeZoneInfo? timeZone = null) =>
        When("time-of-day", _ => IsWithin(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(_timeProvider.GetUtcNow(), timeZone ?? TimeZoneInfo.Utc).DateTime), from, to), decide);

    public RuleBasedRouter Otherwise(Func<IncomingCallInfo, CallDecision> decide)
    {
        _fallback = decide ?? throw new ArgumentNullException(nameof(decide));
        return this;
    }

    /// <summary>
    /// The handler for an established call the bot takes over (see <see cref="IIncomingCallRouter.AdoptAsync"/>);
    /// return null to hang it up. Without it, such calls are hung up.
    /// </summary>
    public RuleBasedRouter WhenAdopted(Func<AdoptedCallInfo, Handlers.CallHandler?> adopt)
    {
        _adopt = adopt ?? throw new ArgumentNullException(nameof(adopt));
        return this;
    }

    public ValueTask<Handlers.CallHandler?> AdoptAsync(AdoptedCallInfo call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return ValueTask.FromResult(_adopt?.Invoke(call));
    }

    public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        foreach (var route in _routes)
        {
            if (route.Matches(call))
            {
                return ValueTask.FromResult(route.Decide(call));
            }
        }

        return ValueTask.FromResult(_fallback(call));
    }

    private static bool IsWithin(TimeOnly now, TimeOnly from, TimeOnly to) =>
        from <= to ? now >= from && now < to : now >= from || now < to;
}
