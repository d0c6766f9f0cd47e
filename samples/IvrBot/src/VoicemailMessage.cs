using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;

namespace IvrBot;

/// <summary>A message a caller left with key 3.</summary>
public sealed record VoicemailMessage(string CallId, ParticipantIdentity? Caller, RecordResponseResult Recording, DateTimeOffset ReceivedAt);
