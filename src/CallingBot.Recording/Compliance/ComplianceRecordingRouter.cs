using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Routing;
using CallingBot.Recording.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallingBot.Recording.Compliance;

/// <summary>
/// The router of a service that records: a policy-based recording invitation (<see cref="IncomingCallInfo.PolicyRecording"/>)
/// of a policy and application instance the service serves (<see cref="ComplianceRecordingOptions.PolicyIdentifiers"/>,
/// <see cref="ComplianceRecordingOptions.ApplicationInstanceIds"/>) is answered at once with a
/// <see cref="ComplianceRecordingHandler"/>, app-hosted media and <see cref="ComplianceRecordingOptions.ParticipantCapacity"/>;
/// one of any other policy or instance is rejected (Forbidden) and logged. Every other call goes to
/// <paramref name="inner"/>, or is rejected when <see cref="ComplianceRecordingOptions.OrdinaryCalls"/> is
/// <see cref="OrdinaryCallHandling.Decline"/> (or there is no inner router).
/// </summary>
public sealed partial class ComplianceRecordingRouter(
    ComplianceRecordingHandlerFactory recording,
    IOptions<ComplianceRecordingOptions> options,
    ILogger<ComplianceRecordingRouter> logger,
    IIncomingCallRouter? inner = null) : IIncomingCallRouter
{
    public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var settings = options.Value;
        if (call.PolicyRecording is not { } policy)
        {
            if (settings.OrdinaryCalls == OrdinaryCallHandling.Router && inner is not null)
            {
                return inner.RouteAsync(call, cancellationToken);
            }

            Log.OrdinaryCallDeclined(logger, call.CallId);
            return ValueTask.FromResult(CallDecision.Reject(RejectReason.Forbidden));
        }

        if (!Serves(settings.PolicyIdentifiers, policy.PolicyIdentifier))
        {
            Log.InvitationRejected(logger, call.CallId, "policy", policy.PolicyIdentifier, ComplianceRecordingOptions.SectionName + ":" + nameof(settings.PolicyIdentifiers));
            return ValueTask.FromResult(CallDecision.Reject(RejectReason.Forbidden));
        }

        var instance = call.Callee is { Kind: IdentityKind.ApplicationInstance } callee ? callee.Id : null;
        if (settings.ApplicationInstanceIds.Count > 0 && (instance is null || !Serves(settings.ApplicationInstanceIds, instance)))
        {
            Log.InvitationRejected(logger, call.CallId, "application instance", instance ?? "(none: the application itself)", ComplianceRecordingOptions.SectionName + ":" + nameof(settings.ApplicationInstanceIds));
            return ValueTask.FromResult(CallDecision.Reject(RejectReason.Forbidden));
        }

        Log.InvitationAccepted(logger, call.CallId, policy.PolicyIdentifier, recording.ParticipantCapacity);
        return ValueTask.FromResult(CallDecision.Answer(recording.CreateHandler(), MediaHosting.AppHosted, recording.ParticipantCapacity));
    }

    /// <summary>Calls taken over after a restart are the inner router's to continue; a recording-only service hangs them up (Teams invites a recorder again).</summary>
    public ValueTask<CallHandler?> AdoptAsync(AdoptedCallInfo call, CancellationToken cancellationToken) =>
        options.Value.OrdinaryCalls == OrdinaryCallHandling.Router && inner is not null
            ? inner.AdoptAsync(call, cancellationToken)
            : ValueTask.FromResult<CallHandler?>(null);

    private static bool Serves(List<string> served, string value) =>
        served.Count == 0 || served.Exists(s => string.Equals(s.Trim(), value, StringComparison.OrdinalIgnoreCase));

    private static partial class Log
    {
        [LoggerMessage(EventId = RecordingEventIds.RecordingInvitationAccepted, EventName = nameof(RecordingEventIds.RecordingInvitationAccepted), Level = LogLevel.Information, Message = "Recording invitation {CallId} of policy {PolicyIdentifier} answered with the compliance recorder (participant capacity {ParticipantCapacity})")]
        public static partial void InvitationAccepted(ILogger logger, string callId, string policyIdentifier, int participantCapacity);

        [LoggerMessage(EventId = RecordingEventIds.RecordingInvitationRejected, EventName = nameof(RecordingEventIds.RecordingInvitationRejected), Level = LogLevel.Warning, Message = "Recording invitation {CallId} rejected (Forbidden): its {What} {Value} is not served by this service ({Setting})")]
        public static partial void InvitationRejected(ILogger logger, string callId, string what, string value, string setting);

        [LoggerMessage(EventId = RecordingEventIds.OrdinaryCallDeclined, EventName = nameof(RecordingEventIds.OrdinaryCallDeclined), Level = LogLevel.Information, Message = "Call {CallId} is not a recording invitation and this service only records (CallingBot:Recording:OrdinaryCalls): rejected (Forbidden)")]
        public static partial void OrdinaryCallDeclined(ILogger logger, string callId);
    }
}
