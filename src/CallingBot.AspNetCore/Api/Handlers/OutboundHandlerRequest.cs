using CallingBot.Core.Calls;
using CallingBot.Core.Meetings;

namespace CallingBot.AspNetCore.Api.Handlers;

/// <summary>
/// What the handler factory knows about a call the REST API is about to start.
/// Exactly one of <see cref="Call"/> and <see cref="Meeting"/> is set, matching <see cref="Kind"/>.
/// </summary>
/// <param name="HandlerName">The <c>handler</c> field of the request, or null when it was omitted.</param>
public sealed record OutboundHandlerRequest(OutboundCallKind Kind, string? HandlerName, OutboundCallRequest? Call, MeetingJoinRequest? Meeting);
