using CallingBot.Core.Calls;

namespace CallingBot.Core.Handlers;

/// <summary>
/// Reacts to one call's events. The call manager creates one handler per call and calls it one event at a time,
/// in order. An exception thrown here ends the call (the bot hangs up) and is logged; other calls are unaffected.
/// Long-running flows (an IVR menu) belong in <see cref="OnEstablishedAsync"/>: key presses and termination reach
/// <see cref="ICallContext"/> verbs while it runs. Implement <see cref="IAsyncDisposable"/> to clean up.
/// </summary>
public abstract class CallHandler
{
    public virtual Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The bot took this established call over (see <see cref="Routing.IIncomingCallRouter.AdoptAsync"/>): called once,
    /// first, instead of <see cref="OnEstablishedAsync"/>. <see cref="ICallContext.SavedState"/> holds what the previous
    /// handler saved; prompts or key collection it had running are gone.
    /// </summary>
    public virtual Task OnAdoptedAsync(ICallContext call, CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnTerminatedAsync(ICallContext call, CallTermination termination, CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnParticipantJoinedAsync(ICallContext call, ParticipantInfo participant, CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnParticipantLeftAsync(ICallContext call, ParticipantInfo participant, CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnParticipantMuteChangedAsync(ICallContext call, ParticipantInfo participant, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A key was pressed. Keys are also buffered for <see cref="ICallContext.CollectDigitsAsync"/>.</summary>
    public virtual Task OnToneReceivedAsync(ICallContext call, char tone, CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnContentSharingStartedAsync(ICallContext call, string sessionId, CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnContentSharingEndedAsync(ICallContext call, string sessionId, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Policy-based recording: decides whether this call instance records another participant of the policy group.
    /// The calling service waits for the answer inside its notification request, so this runs synchronously on the
    /// notification path, possibly while another callback of this call is running: keep it quick and thread-safe.
    /// Return true to record the participant in this call, false to let the service invite another bot instance.
    /// The default accepts while the participant capacity the call was answered with allows.
    /// </summary>
    public virtual bool AcceptJoiningParticipant(ICallContext call, ParticipantJoiningRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.WithinCapacity;
    }

    /// <summary>
    /// Policy-based recording: reports, in order with the call's other callbacks, how
    /// <see cref="AcceptJoiningParticipant"/> answered. An accepted participant also arrives through
    /// <see cref="OnParticipantJoinedAsync"/> once the roster lists them.
    /// </summary>
    public virtual Task OnParticipantJoiningAsync(ICallContext call, ParticipantInfo participant, bool accepted, CancellationToken cancellationToken) => Task.CompletedTask;
}
