using CallingBot.Core.Manager;
using CallingBot.Core.Meetings;
using CallingBot.AspNetCore.Api.Calls;
using CallingBot.AspNetCore.Api.Contracts;
using CallingBot.AspNetCore.Api.Errors;
using CallingBot.AspNetCore.Api.Handlers;
using Microsoft.AspNetCore.Mvc;

namespace CallingBot.AspNetCore.Api.Meetings;

/// <summary>Joins Teams meetings.</summary>
[Route(ApiRoutes.Meetings)]
[Tags("Meetings")]
internal sealed class MeetingsController(ICallManager manager, IOutboundCallHandlerFactory handlers, ILogger<MeetingsController> logger)
    : CallingBotApiController(logger)
{
    /// <summary>Joins a meeting from its join URL, its join meeting id and passcode, or raw coordinates; optionally as a guest.</summary>
    [HttpPost("join")]
    [EndpointName("JoinMeeting")]
    [ProducesResponseType<CallModel>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<ActionResult<CallModel>> JoinAsync(JoinMeetingRequest request, CancellationToken cancellationToken)
    {
        if (JoinMeetingMapping.ToMeetingJoin(request, ModelState) is not { } join
            || CreateHandler(handlers, new OutboundHandlerRequest(OutboundCallKind.MeetingJoin, request.Handler, null, join)) is not { } handler)
        {
            return ValidationProblem(ModelState);
        }

        return await StartCallAsync(
            "join meeting",
            _ => "joinMeetingId",
            () => manager.JoinMeetingAsync(join, handler, cancellationToken),
            snapshot => ApiLog.MeetingJoined(Logger, snapshot.CallId, snapshot.HandlerName));
    }
}
