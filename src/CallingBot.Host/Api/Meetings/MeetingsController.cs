using CallingBot.Core.Manager;
using CallingBot.Core.Meetings;
using CallingBot.Host.Api.Calls;
using CallingBot.Host.Api.Contracts;
using CallingBot.Host.Api.Errors;
using CallingBot.Host.Api.Handlers;
using Microsoft.AspNetCore.Mvc;

namespace CallingBot.Host.Api.Meetings;

/// <summary>Joins Teams meetings.</summary>
[Route(ApiRoutes.Meetings)]
[Tags("Meetings")]
public sealed class MeetingsController(ICallManager manager, IOutboundCallHandlerFactory handlers, ILogger<MeetingsController> logger)
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
        var given = (string.IsNullOrWhiteSpace(request.JoinUrl) ? 0 : 1) + (string.IsNullOrWhiteSpace(request.JoinMeetingId) ? 0 : 1) + (request.Coordinates is null ? 0 : 1);
        if (given != 1)
        {
            ModelState.AddModelError("joinUrl", given == 0
                ? "Give the meeting's 'joinUrl', its 'joinMeetingId' (with 'passcode'), or its 'coordinates'."
                : "Give only one of 'joinUrl', 'joinMeetingId' and 'coordinates'.");
            return ValidationProblem(ModelState);
        }

        MeetingCoordinates? coordinates = null;
        if (request.JoinUrl is { Length: > ApiLimits.MaxUriLength })
        {
            ModelState.AddModelError("joinUrl", ApiValidation.TooLong("joinUrl", ApiLimits.MaxUriLength));
        }
        else if (!string.IsNullOrWhiteSpace(request.JoinUrl))
        {
            if (!TeamsJoinUrl.TryParse(request.JoinUrl, out var parsed, out var error))
            {
                ModelState.AddModelError("joinUrl", error);
            }

            coordinates = parsed;
        }
        else if (request.Coordinates is { } raw)
        {
            coordinates = ToCoordinates(raw);
        }
        else if (!request.JoinMeetingId!.All(char.IsAsciiDigit) || request.JoinMeetingId!.Length > ApiLimits.MaxJoinMeetingIdLength)
        {
            ModelState.AddModelError("joinMeetingId", $"'joinMeetingId' is made of digits only (at most {ApiLimits.MaxJoinMeetingIdLength}).");
        }

        if (request.GuestDisplayName is { } guest && string.IsNullOrWhiteSpace(guest))
        {
            ModelState.AddModelError("guestDisplayName", "'guestDisplayName' must not be blank when given.");
        }
        else
        {
            ApiValidation.Text(request.GuestDisplayName, "guestDisplayName", ApiLimits.MaxDisplayNameLength, ModelState);
        }

        if (request.Passcode is { Length: > ApiLimits.MaxPasscodeLength })
        {
            ModelState.AddModelError("passcode", ApiValidation.TooLong("passcode", ApiLimits.MaxPasscodeLength));
        }
        else if (request.Passcode is { } passcode && passcode.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            ModelState.AddModelError("passcode", "'passcode' must not contain white space or control characters.");
        }

        if (!string.IsNullOrWhiteSpace(request.TenantId))
        {
            ApiValidation.Id(request.TenantId, "tenantId", ModelState);
        }

        ApiValidation.Text(request.Handler, "handler", ApiLimits.MaxHandlerNameLength, ModelState);

        var media = ApiModelMapper.ToMedia(request.Media, "media", ModelState);
        if (!ModelState.IsValid)
        {
            return ValidationProblem(ModelState);
        }

        var join = new MeetingJoinRequest
        {
            Coordinates = coordinates,
            JoinMeetingId = coordinates is null ? request.JoinMeetingId!.Trim() : null,
            Passcode = request.Passcode,
            TenantId = string.IsNullOrWhiteSpace(request.TenantId) ? null : request.TenantId,
            GuestDisplayName = request.GuestDisplayName,
            Media = media,
        };
        var handler = handlers.Create(new OutboundHandlerRequest(OutboundCallKind.MeetingJoin, request.Handler, null, join));
        if (handler is null)
        {
            ModelState.AddModelError("handler", $"'handler' must be one of: {string.Join(", ", handlers.HandlerNames)}.");
            return ValidationProblem(ModelState);
        }

        CallSnapshot snapshot;
        try
        {
            snapshot = await manager.JoinMeetingAsync(join, handler, cancellationToken);
        }
        catch (ArgumentException exception)
        {
            return InvalidArgument(exception, _ => "joinMeetingId");
        }
        catch (InvalidOperationException exception)
        {
            return Unavailable("join meeting", exception);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return ServiceRefused("join meeting", exception);
        }

        ApiLog.MeetingJoined(Logger, snapshot.CallId, snapshot.HandlerName);
        return CreatedAtAction(nameof(CallsController.Get), "Calls", new { callId = snapshot.CallId }, ApiModelMapper.ToModel(snapshot));
    }

    private MeetingCoordinates? ToCoordinates(MeetingCoordinatesModel raw)
    {
        if (raw.ThreadId is { Length: > ApiLimits.MaxThreadIdLength })
        {
            ModelState.AddModelError("coordinates.threadId", ApiValidation.TooLong("coordinates.threadId", ApiLimits.MaxThreadIdLength));
        }
        else if (string.IsNullOrWhiteSpace(raw.ThreadId) || raw.ThreadId.Any(char.IsControl) || !raw.ThreadId.StartsWith("19:", StringComparison.Ordinal) || !raw.ThreadId.Contains('@', StringComparison.Ordinal))
        {
            ModelState.AddModelError("coordinates.threadId", "'coordinates.threadId' must be a Teams chat thread id (19:…@thread…).");
        }

        if (!string.IsNullOrWhiteSpace(raw.MessageId))
        {
            ApiValidation.Id(raw.MessageId, "coordinates.messageId", ModelState);
        }

        if (!string.IsNullOrWhiteSpace(raw.ReplyChainMessageId))
        {
            ApiValidation.Id(raw.ReplyChainMessageId, "coordinates.replyChainMessageId", ModelState);
        }

        if (!Guid.TryParse(raw.OrganizerId, out _))
        {
            ModelState.AddModelError("coordinates.organizerId", "'coordinates.organizerId' must be the organizer's user id (a GUID).");
        }

        if (!Guid.TryParse(raw.TenantId, out _))
        {
            ModelState.AddModelError("coordinates.tenantId", "'coordinates.tenantId' must be the organizer's tenant id (a GUID).");
        }

        return ModelState.IsValid
            ? new MeetingCoordinates(raw.ThreadId!, string.IsNullOrWhiteSpace(raw.MessageId) ? "0" : raw.MessageId, raw.OrganizerId!, raw.TenantId!, string.IsNullOrWhiteSpace(raw.ReplyChainMessageId) ? null : raw.ReplyChainMessageId)
            : null;
    }
}
