using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using Microsoft.Extensions.Logging;

namespace CallingBot.Core.Manager;

/// <summary>Policy-based recording: deciding, synchronously, on participants joining within the answered capacity.</summary>
internal sealed partial class CallSession
{
    /// <summary>
    /// Decides synchronously, on the notification path, whether this call records another participant of its
    /// policy group; then queues the outcome so the handler hears about it in order with its other callbacks.
    /// </summary>
    public bool DecideJoining(ParticipantInfo participant)
    {
        using var scope = _logger.BeginScope(_scope);
        var accepted = false;
        var handler = _handler;
        if (handler is not null && !_handlerFaulted && !_ended.IsCancellationRequested && Volatile.Read(ref _state) != (int)CallState.Incoming)
        {
            lock (_joiningGate)
            {
                var request = new ParticipantJoiningRequest(participant, 1 + (_acceptedJoiners?.Count ?? 0), _participantCapacity);
                try
                {
                    accepted = handler.AcceptJoiningParticipant(this, request);
                }
                catch (Exception exception)
                {
                    _owner.Metrics.HandlerFailures.Add(1);
                    CallManagerLog.ParticipantJoiningFailed(_logger, exception, HandlerName);
                }

                if (accepted)
                {
                    (_acceptedJoiners ??= new(StringComparer.Ordinal)).Add(participant.Id);
                }

                CallManagerLog.ParticipantJoiningDecided(_logger, participant.Identity.ToString(), accepted, request.RecordedParticipants, request.ParticipantCapacity);
            }
        }

        Remember("participant-joining", $"{participant.Identity} {(accepted ? "accepted" : "rejected")}");
        _work.TryEnqueue(new CallWork.Joining(participant, accepted));
        return accepted;
    }

    private void SetParticipantCapacity(int capacity)
    {
        lock (_joiningGate)
        {
            _participantCapacity = capacity;
        }
    }

    private void ReleaseRecordedParticipant(string participantId)
    {
        lock (_joiningGate)
        {
            _acceptedJoiners?.Remove(participantId);
        }
    }

    private Task ApplyJoiningAsync(CallWork.Joining joining) =>
        InvokeAsync(nameof(CallHandler.OnParticipantJoiningAsync), (h, ct) => h.OnParticipantJoiningAsync(this, joining.Participant, joining.Accepted, ct));
}
