using CallingBot.Core.Calls;
using CallingBot.Core.Meetings;

namespace CallingBot.Core.Tests.Calls;

public sealed class IncomingCallInfoTests
{
    private static IncomingCallInfo Call(MeetingCoordinates? meeting = null, PolicyRecordingInfo? policy = null) => new()
    {
        CallId = "call-1",
        TenantId = "tenant-1",
        Caller = ParticipantIdentity.User("caller"),
        Meeting = meeting,
        PolicyRecording = policy,
    };

    [Fact]
    public void PeerToPeerCall_HasFifteenSecondDeadline()
    {
        var call = Call();

        Assert.True(call.IsPeerToPeer);
        Assert.Equal(TimeSpan.FromSeconds(15), call.DecisionDeadline);
        Assert.Equal(["audio"], call.Modalities);
    }

    [Fact]
    public void MeetingInvite_IsNotPeerToPeer()
    {
        Assert.False(Call(meeting: new MeetingCoordinates("19:m@thread.v2", "0", "o", "t")).IsPeerToPeer);
    }

    [Fact]
    public void PolicyRecordingInvite_HasFiveSecondDeadline()
    {
        var call = Call(policy: new PolicyRecordingInfo("policy-1", [], []));

        Assert.False(call.IsPeerToPeer);
        Assert.Equal(TimeSpan.FromSeconds(5), call.DecisionDeadline);
    }
}
