using Microsoft.Graph.Communications.Common;
using Microsoft.Graph.Models;
using CoreParticipantInfo = CallingBot.Core.Calls.ParticipantInfo;

namespace CallingBot.Graph.Calling;

/// <summary>
/// Reads the joining participant from the call object of a participantJoiningNotification, and builds the
/// participantJoiningResponse the SDK returns as the body of the notification response.
/// </summary>
internal static class ParticipantJoiningMapper
{
    /// <summary>
    /// The participant id comes from <c>incomingContext.observedParticipantId</c> (as in an incoming
    /// policy-recording call), else from the source; the identity from the source.
    /// </summary>
    public static CoreParticipantInfo? Map(Call? call)
    {
        if (call is null)
        {
            return null;
        }

        var id = call.IncomingContext?.ObservedParticipantId ?? call.Source?.ParticipantId
            ?? (call.Source?.AdditionalData is { } extra && extra.TryGetValue("id", out var raw) ? raw?.ToString() : null);
        if (string.IsNullOrEmpty(id) || call.Source?.Identity is not { } identity)
        {
            return null;
        }

        return new CoreParticipantInfo(id, GraphModelMapper.FromIdentitySet(identity));
    }

    public static ParticipantJoiningResponse Respond(bool accept) =>
        accept ? new AcceptJoinResponse() : new RejectJoinResponse { Reason = Microsoft.Graph.Communications.Common.RejectReason.None };
}
