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
}
