using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Routing;
using CallingBot.Recording.Compliance;
using CallingBot.Recording.Storage;
using CallingBot.Recording.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallingBot.Recording.Tests.Compliance;

public sealed class ComplianceRecordingRouterTests
{
    private const string Instance = "5d2c1a7e-0000-4000-8000-00000000aa01";

    [Fact]
    public async Task RecordingInvitation_ServedPolicyAndInstance_AnsweredAppHostedWithTheRecorderAndCapacity()
    {
        var (router, _, _) = Create(new() { ParticipantCapacity = 6, PolicyIdentifiers = ["Tag:Sales"], ApplicationInstanceIds = [Instance] });

        var decision = await router.RouteAsync(Invitation("tag:sales", ParticipantIdentity.ApplicationInstance(Instance)), CancellationToken.None);

        var answer = Assert.IsType<AnswerDecision>(decision);
        Assert.IsType<ComplianceRecordingHandler>(answer.Handler);
        Assert.Equal(MediaHosting.AppHosted, answer.Options.Media);
        Assert.Equal(6, answer.Options.ParticipantCapacity);
    }

    [Fact]
    public async Task RecordingInvitation_EmptyLists_EveryPolicyAndInstanceServed()
    {
        var (router, _, _) = Create(new());

        var decision = await router.RouteAsync(Invitation("Tag:Anything", ParticipantIdentity.Application("app")), CancellationToken.None);

        Assert.IsType<AnswerDecision>(decision);
    }

    [Fact]
    public async Task RecordingInvitation_PolicyNotServed_RejectedForbiddenAndLoggedNamingTheSetting()
    {
        var (router, logger, inner) = Create(new() { PolicyIdentifiers = ["Tag:Sales"] });

        var decision = await router.RouteAsync(Invitation("Tag:Support", ParticipantIdentity.ApplicationInstance(Instance)), CancellationToken.None);

        Assert.Equal(RejectReason.Forbidden, Assert.IsType<RejectDecision>(decision).Reason);
        var entry = Assert.Single(logger.Entries, e => e.EventId.Name == "RecordingInvitationRejected");
        Assert.Contains("Tag:Support", entry.Message, StringComparison.Ordinal);
        Assert.Contains("CallingBot:Recording:PolicyIdentifiers", entry.Message, StringComparison.Ordinal);
        Assert.Equal(0, inner.Calls);
    }

    [Theory]
    [InlineData("5d2c1a7e-0000-4000-8000-00000000bb02")]
    [InlineData(null)]
    public async Task RecordingInvitation_InstanceNotServed_RejectedForbidden(string? target)
    {
        var (router, logger, _) = Create(new() { ApplicationInstanceIds = [Instance] });
        var callee = target is null ? ParticipantIdentity.Application("app") : ParticipantIdentity.ApplicationInstance(target);

        var decision = await router.RouteAsync(Invitation("Tag:Sales", callee), CancellationToken.None);

        Assert.Equal(RejectReason.Forbidden, Assert.IsType<RejectDecision>(decision).Reason);
        Assert.Contains("CallingBot:Recording:ApplicationInstanceIds", Assert.Single(logger.Entries, e => e.EventId.Name == "RecordingInvitationRejected").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrdinaryCall_RouterHandling_GoesToTheApplicationsRouter()
    {
        var (router, _, inner) = Create(new());

        var decision = await router.RouteAsync(OrdinaryCall(), CancellationToken.None);

        Assert.Same(inner.Decision, decision);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task OrdinaryCall_RecordingOnly_RejectedWithoutAskingTheApplicationsRouter()
    {
        var (router, logger, inner) = Create(new() { OrdinaryCalls = OrdinaryCallHandling.Decline });

        var decision = await router.RouteAsync(OrdinaryCall(), CancellationToken.None);

        Assert.Equal(RejectReason.Forbidden, Assert.IsType<RejectDecision>(decision).Reason);
        Assert.Equal(0, inner.Calls);
        Assert.Single(logger.Entries, e => e.EventId.Name == "OrdinaryCallDeclined");
    }

    private static (ComplianceRecordingRouter Router, ListLogger<ComplianceRecordingRouter> Logger, CountingRouter Inner) Create(ComplianceRecordingOptions options)
    {
        var wrapped = Options.Create(options);
        var factory = new ComplianceRecordingHandlerFactory(new FileSystemRecordingStorage(Path.GetTempPath()), wrapped, TimeProvider.System, NullLoggerFactory.Instance);
        var logger = new ListLogger<ComplianceRecordingRouter>();
        var inner = new CountingRouter();
        return (new ComplianceRecordingRouter(factory, wrapped, logger, inner), logger, inner);
    }

    private static IncomingCallInfo Invitation(string policy, ParticipantIdentity callee) => new()
    {
        CallId = "call-1",
        TenantId = "tenant",
        Caller = ParticipantIdentity.User("alice"),
        Callee = callee,
        PolicyRecording = new PolicyRecordingInfo(policy, ["PolicyBasedRecording"], [ParticipantIdentity.User("alice")]),
    };

    private static IncomingCallInfo OrdinaryCall() => new() { CallId = "call-2", TenantId = "tenant", Caller = ParticipantIdentity.User("bob") };

    private sealed class QuietHandler : CallHandler;

    private sealed class CountingRouter : IIncomingCallRouter
    {
        public CallDecision Decision { get; } = CallDecision.Answer(new QuietHandler());

        public int Calls { get; private set; }

        public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken)
        {
            Calls++;
            return ValueTask.FromResult(Decision);
        }
    }
}
