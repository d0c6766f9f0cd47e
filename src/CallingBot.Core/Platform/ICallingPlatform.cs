using CallingBot.Core.Calls;
using CallingBot.Core.Meetings;

namespace CallingBot.Core.Platform;

/// <summary>The signaling side of a calling service: places calls and reports events to an <see cref="ICallEventSink"/>.</summary>
public interface ICallingPlatform
{
    /// <summary>Starts delivering incoming calls and call events to <paramref name="sink"/>. Called once, before any notification arrives.</summary>
    void Attach(ICallEventSink sink);

    /// <summary>Places the call. The call manager validated <paramref name="request"/> (<see cref="OutboundCallRequest.Validate"/>); a platform does not check it again.</summary>
    Task<IPlatformCall> CreateCallAsync(OutboundCallRequest request, CancellationToken cancellationToken);

    /// <summary>Joins the meeting. The call manager validated <paramref name="request"/> (<see cref="MeetingJoinRequest.Validate"/>); a platform does not check it again.</summary>
    Task<IPlatformCall> JoinMeetingAsync(MeetingJoinRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Rebuilds, from the calling service, a call of the bot's application that this process does not hold (after a
    /// restart, or from an instance that left), so the bot can continue or end it. The returned call reports its events
    /// to the attached sink from now on. Null when the service no longer has the call (it ended, or it is not the
    /// application's).
    /// </summary>
    /// <exception cref="PlatformException">The service could not be asked (unavailable, throttled, refused).</exception>
    /// <exception cref="NotSupportedException">This platform cannot take over calls.</exception>
    Task<RehydratedCall?> RehydrateAsync(string callId, string? tenantId, CancellationToken cancellationToken) =>
        Task.FromException<RehydratedCall?>(new NotSupportedException("This calling platform cannot take over calls it did not create."));
}
