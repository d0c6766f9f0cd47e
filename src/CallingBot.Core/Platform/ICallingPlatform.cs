using CallingBot.Core.Calls;
using CallingBot.Core.Meetings;

namespace CallingBot.Core.Platform;

/// <summary>The signaling side of a calling service: places calls and reports events to an <see cref="ICallEventSink"/>.</summary>
public interface ICallingPlatform
{
    /// <summary>Starts delivering incoming calls and call events to <paramref name="sink"/>. Called once, before any notification arrives.</summary>
    void Attach(ICallEventSink sink);

    Task<IPlatformCall> CreateCallAsync(OutboundCallRequest request, CancellationToken cancellationToken);

    Task<IPlatformCall> JoinMeetingAsync(MeetingJoinRequest request, CancellationToken cancellationToken);
}
