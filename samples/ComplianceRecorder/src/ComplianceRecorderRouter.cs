using CallingBot.Core.Calls;
using CallingBot.Core.Routing;
using CallingBot.Recording.Compliance;
using CallingBot.Recording.Storage;
using Microsoft.Extensions.Logging;

namespace ComplianceRecorder;

/// <summary>
/// Answers policy-based recording invitations at once (the service waits only 5 s) with app-hosted media and the
/// configured participant capacity; rejects every other call.
/// </summary>
public sealed class ComplianceRecorderRouter(IRecordingStorage storage, ComplianceRecordingOptions options, TimeProvider time, ILoggerFactory loggers) : IIncomingCallRouter
{
    public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.PolicyRecording is null)
        {
            return ValueTask.FromResult(CallDecision.Reject(RejectReason.Forbidden));
        }

        var handler = new ComplianceRecordingHandler(storage, options, time, loggers);
        return ValueTask.FromResult(CallDecision.Answer(handler, MediaHosting.AppHosted, options.ParticipantCapacity));
    }
}
