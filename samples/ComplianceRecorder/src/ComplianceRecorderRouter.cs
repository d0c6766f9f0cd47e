using CallingBot.Core.Calls;
using CallingBot.Core.Routing;
using CallingBot.Recording.Compliance;

namespace ComplianceRecorder;

/// <summary>
/// Answers policy-recording invitations at once (the service waits only 5 s) with app-hosted media, a
/// <see cref="ComplianceRecordingHandler"/> and the configured participant capacity; rejects every other call.
/// </summary>
public sealed class ComplianceRecorderRouter(ComplianceRecordingHandlerFactory recording) : IIncomingCallRouter
{
    public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return ValueTask.FromResult(call.PolicyRecording is null
            ? CallDecision.Reject(RejectReason.Forbidden)
            : CallDecision.Answer(recording.CreateHandler(), MediaHosting.AppHosted, recording.ParticipantCapacity));
    }
}
