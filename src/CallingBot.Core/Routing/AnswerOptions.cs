using CallingBot.Core.Calls;

namespace CallingBot.Core.Routing;

/// <param name="Media">Service-hosted or app-hosted media.</param>
/// <param name="ParticipantCapacity">For policy-based recording: how many recorded participants this instance accepts (0 = service default).</param>
public sealed record AnswerOptions(MediaHosting Media = MediaHosting.ServiceHosted, int ParticipantCapacity = 0);
