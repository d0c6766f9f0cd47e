using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Calls;

/// <summary>
/// Callees that responded at the same moment: those who joined (with their new participants), how many answered so far
/// in all, the resultInfo of the last refusal so far, and whether everyone has responded now.
/// </summary>
internal sealed record RingBatch(IReadOnlyList<(CalleeTarget Target, EmulatedParticipant Participant)> Joined, int AnsweredSoFar, JsonObject? LastRefusal, bool AllResponded)
{
    public List<EmulatedParticipant> JoinedParticipants => Joined.Select(j => j.Participant).ToList();
}
