using CallingBot.Core.Calls;
using CallingBot.Core.Routing;

namespace CallingBot.Core.Tests.Routing;

public sealed class CallDecisionTests
{
    [Fact]
    public void Answer_NullHandler_Throws()
    {
        var error = Assert.Throws<ArgumentNullException>(() => CallDecision.Answer(null!));

        Assert.Equal("handler", error.ParamName);
    }

    [Fact]
    public void Redirect_Targets_BuildsOptionsWithoutTimeout()
    {
        var decision = Assert.IsType<RedirectDecision>(CallDecision.Redirect(ParticipantIdentity.User("a"), ParticipantIdentity.User("b")));

        Assert.Equal(["a", "b"], decision.Options.Targets.Select(t => t.Id));
        Assert.Null(decision.Options.Timeout);
        Assert.False(decision.Options.ToVoicemail);
    }

    [Fact]
    public void Reject_Default_HasNoReason()
    {
        Assert.Equal(new RejectDecision(RejectReason.None), CallDecision.Reject());
    }
}
