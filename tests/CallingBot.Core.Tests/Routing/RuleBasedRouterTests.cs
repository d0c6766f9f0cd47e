using CallingBot.Core.Calls;
using CallingBot.Core.Meetings;
using CallingBot.Core.Routing;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Core.Tests.Routing;

public sealed class RuleBasedRouterTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MeetingCoordinates Meeting = new("19:meeting_abc@thread.v2", "0", "organizer", "tenant-1");
    private static readonly PolicyRecordingInfo Policy = new("policy-1", ["recordedParticipantInvite"], [ParticipantIdentity.User("agent-1")]);

    private static IncomingCallInfo Call(ParticipantIdentity? caller = null, ParticipantIdentity? callee = null, string tenantId = "tenant-1", MeetingCoordinates? meeting = null, PolicyRecordingInfo? policy = null) => new()
    {
        CallId = "call-1",
        TenantId = tenantId,
        Caller = caller ?? ParticipantIdentity.User("caller"),
        Callee = callee,
        Meeting = meeting,
        PolicyRecording = policy,
    };

    /// <summary>A decision that names the rule that made it.</summary>
    private static Func<IncomingCallInfo, CallDecision> Tag(string rule) => _ => CallDecision.Redirect(ParticipantIdentity.User(rule));

    private static async Task<string> RouteAsync(RuleBasedRouter router, IncomingCallInfo call)
    {
        var decision = await router.RouteAsync(call, CancellationToken.None);
        return Assert.Single(Assert.IsType<RedirectDecision>(decision).Options.Targets).Id;
    }

    [Fact]
    public async Task RouteAsync_SeveralRulesMatch_FirstAddedWins()
    {
        var router = new RuleBasedRouter()
            .When("never", _ => false, Tag("never"))
            .WhenTenant("tenant-1", Tag("tenant"))
            .WhenPeerToPeer(Tag("p2p"))
            .Otherwise(Tag("fallback"));

        Assert.Equal("tenant", await RouteAsync(router, Call()));
        Assert.Equal(["never", "tenant", "peer-to-peer"], router.Routes.Select(r => r.Name));
    }

    [Fact]
    public async Task RouteAsync_NoRuleAndNoFallback_RejectsBusy()
    {
        var router = new RuleBasedRouter().When("never", _ => false, Tag("never"));

        var decision = await router.RouteAsync(Call(), CancellationToken.None);

        Assert.Equal(new RejectDecision(RejectReason.Busy), decision);
    }

    [Fact]
    public async Task RouteAsync_NoRuleMatches_UsesFallback()
    {
        var router = new RuleBasedRouter().WhenTenant("other", Tag("tenant")).Otherwise(Tag("fallback"));

        Assert.Equal("fallback", await RouteAsync(router, Call()));
    }

    [Fact]
    public async Task WhenCaller_MatchesOnCallerIdentity()
    {
        var vip = ParticipantIdentity.Phone("+14255550100");
        var router = new RuleBasedRouter().WhenCaller(c => c == vip, Tag("vip")).Otherwise(Tag("fallback"));

        Assert.Equal("vip", await RouteAsync(router, Call(caller: ParticipantIdentity.Phone("+14255550100"))));
        Assert.Equal("fallback", await RouteAsync(router, Call(caller: ParticipantIdentity.Phone("+14255550101"))));
    }

    [Fact]
    public async Task WhenCallee_MatchesOnlyWhenCalleeKnownAndAccepted()
    {
        var router = new RuleBasedRouter().WhenCallee(c => c.Id == "sales", Tag("sales")).Otherwise(Tag("fallback"));

        Assert.Equal("sales", await RouteAsync(router, Call(callee: ParticipantIdentity.User("sales"))));
        Assert.Equal("fallback", await RouteAsync(router, Call(callee: ParticipantIdentity.User("support"))));
        Assert.Equal("fallback", await RouteAsync(router, Call(callee: null)));
    }

    [Fact]
    public async Task WhenTenant_ComparesIgnoringCase()
    {
        var router = new RuleBasedRouter().WhenTenant("Contoso-Tenant", Tag("contoso")).Otherwise(Tag("fallback"));

        Assert.Equal("contoso", await RouteAsync(router, Call(tenantId: "contoso-tenant")));
        Assert.Equal("fallback", await RouteAsync(router, Call(tenantId: "fabrikam")));
    }

    [Theory]
    [InlineData("p2p", "peer-to-peer")]
    [InlineData("meeting", "meeting")]
    [InlineData("policy", "policy")]
    public async Task KindRules_EachCallKind_MatchesItsRule(string kind, string expected)
    {
        var router = new RuleBasedRouter()
            .WhenPolicyRecording(Tag("policy"))
            .WhenMeetingInvite(Tag("meeting"))
            .WhenPeerToPeer(Tag("peer-to-peer"));
        var call = kind switch
        {
            "meeting" => Call(meeting: Meeting),
            "policy" => Call(policy: Policy),
            _ => Call(),
        };

        Assert.Equal(expected, await RouteAsync(router, call));
    }

    [Theory]
    [InlineData("08:59:59", false)]
    [InlineData("09:00:00", true)]
    [InlineData("12:30:00", true)]
    [InlineData("16:59:59", true)]
    [InlineData("17:00:00", false)]
    public async Task WhenTimeOfDay_DaytimeWindow_MatchesFromInclusiveToExclusive(string at, bool expected)
    {
        var time = new FakeTimeProvider(Midnight);
        time.Advance(TimeSpan.Parse(at, System.Globalization.CultureInfo.InvariantCulture));
        var router = new RuleBasedRouter(time).WhenTimeOfDay(new TimeOnly(9, 0), new TimeOnly(17, 0), Tag("office")).Otherwise(Tag("after-hours"));

        Assert.Equal(expected ? "office" : "after-hours", await RouteAsync(router, Call()));
    }

    [Theory]
    [InlineData("21:59:59", false)]
    [InlineData("22:00:00", true)]
    [InlineData("23:30:00", true)]
    [InlineData("00:00:00", true)]
    [InlineData("05:59:59", true)]
    [InlineData("06:00:00", false)]
    [InlineData("12:00:00", false)]
    public async Task WhenTimeOfDay_WindowWrappingMidnight_MatchesAcrossMidnight(string at, bool expected)
    {
        var time = new FakeTimeProvider(Midnight);
        time.Advance(TimeSpan.Parse(at, System.Globalization.CultureInfo.InvariantCulture));
        var router = new RuleBasedRouter(time).WhenTimeOfDay(new TimeOnly(22, 0), new TimeOnly(6, 0), Tag("night")).Otherwise(Tag("day"));

        Assert.Equal(expected ? "night" : "day", await RouteAsync(router, Call()));
    }

    [Fact]
    public async Task WhenTimeOfDay_ClockMoves_SameRouterFollowsIt()
    {
        var time = new FakeTimeProvider(Midnight.AddHours(21));
        var router = new RuleBasedRouter(time).WhenTimeOfDay(new TimeOnly(22, 0), new TimeOnly(6, 0), Tag("night")).Otherwise(Tag("day"));

        Assert.Equal("day", await RouteAsync(router, Call()));
        time.Advance(TimeSpan.FromHours(2));
        Assert.Equal("night", await RouteAsync(router, Call()));
        time.Advance(TimeSpan.FromHours(7));
        Assert.Equal("day", await RouteAsync(router, Call()));
    }

    [Fact]
    public async Task WhenTimeOfDay_TimeZoneGiven_UsesLocalTimeOfThatZone()
    {
        var plusTwo = TimeZoneInfo.CreateCustomTimeZone("Test+02", TimeSpan.FromHours(2), "Test+02", "Test+02");
        var time = new FakeTimeProvider(Midnight.AddHours(7.5));
        var router = new RuleBasedRouter(time).WhenTimeOfDay(new TimeOnly(9, 0), new TimeOnly(17, 0), Tag("office"), plusTwo).Otherwise(Tag("closed"));

        Assert.Equal("office", await RouteAsync(router, Call()));
        time.Advance(TimeSpan.FromHours(8));
        Assert.Equal("closed", await RouteAsync(router, Call()));
    }

    [Fact]
    public void When_BlankName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new RuleBasedRouter().When(" ", _ => true, Tag("x")));
    }
}
