using CallingBot.Acs.Calling;
using CallingBot.Core.Calls;
using CallingBot.Core.Meetings;
using CallingBot.Core.Platform;

namespace CallingBot.AspNetCore.Acs;

/// <summary>
/// The two calling platforms behind the one <see cref="ICallingPlatform"/> the call manager drives: both report to the
/// same sink, so the same handlers run on either. Outbound calls to ACS identities (<c>8:…</c> raw ids) go to ACS,
/// everything else (Teams users, phones, meetings, taking over calls) to Graph.
/// </summary>
internal sealed class AcsAwarePlatform(ICallingPlatform graph, AcsCallingPlatform acs) : ICallingPlatform
{
    public void Attach(ICallEventSink sink)
    {
        graph.Attach(sink);
        acs.Attach(sink);
    }

    public Task<IPlatformCall> CreateCallAsync(OutboundCallRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IsAcs(request) ? acs.CreateCallAsync(request, cancellationToken) : graph.CreateCallAsync(request, cancellationToken);
    }

    public Task<IPlatformCall> JoinMeetingAsync(MeetingJoinRequest request, CancellationToken cancellationToken) =>
        graph.JoinMeetingAsync(request, cancellationToken);

    public Task<RehydratedCall?> RehydrateAsync(string callId, string? tenantId, CancellationToken cancellationToken) =>
        graph.RehydrateAsync(callId, tenantId, cancellationToken);

    /// <summary>True when every target is an ACS identity; a mix of ACS and Teams targets is Graph's to refuse.</summary>
    internal static bool IsAcs(OutboundCallRequest request) =>
        request.Targets is { Count: > 0 } targets && targets.All(t => t.Kind == IdentityKind.User && t.Id.StartsWith("8:", StringComparison.Ordinal));
}
