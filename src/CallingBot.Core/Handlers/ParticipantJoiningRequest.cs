using CallingBot.Core.Calls;

namespace CallingBot.Core.Handlers;

/// <summary>A participant of the recording policy group asks to be recorded by a call that is already running.</summary>
/// <param name="Participant">The joining participant.</param>
/// <param name="RecordedParticipants">Participants this call instance records now: the one it was invited for plus accepted joiners that have not left.</param>
/// <param name="ParticipantCapacity">The capacity the call was answered with; 0 when none was given.</param>
public sealed record ParticipantJoiningRequest(ParticipantInfo Participant, int RecordedParticipants, int ParticipantCapacity)
{
    /// <summary>True while accepting the participant keeps the call within its participant capacity.</summary>
    public bool WithinCapacity => RecordedParticipants < ParticipantCapacity;
}
