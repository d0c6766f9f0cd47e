using CallingBot.Core.Meetings;
using CallingBot.Core.Platform;
using CallingBot.AspNetCore.Api.Contracts;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CallingBot.AspNetCore.Api.Meetings;

/// <summary>Validates a join-meeting body once, at the edge, and turns it into the handler API's request.</summary>
internal static class JoinMeetingMapping
{
    /// <summary>The request to join, or null with every problem recorded under its JSON field.</summary>
    public static MeetingJoinRequest? ToMeetingJoin(JoinMeetingRequest request, ModelStateDictionary errors)
    {
        var given = (string.IsNullOrWhiteSpace(request.JoinUrl) ? 0 : 1) + (string.IsNullOrWhiteSpace(request.JoinMeetingId) ? 0 : 1) + (request.Coordinates is null ? 0 : 1);
        if (given != 1)
        {
            errors.AddModelError("joinUrl", given == 0
                ? "Give the meeting's 'joinUrl', its 'joinMeetingId' (with 'passcode'), or its 'coordinates'."
                : "Give only one of 'joinUrl', 'joinMeetingId' and 'coordinates'.");
            return null;
        }

        MeetingCoordinates? coordinates = null;
        if (request.JoinUrl is { Length: > ApiLimits.MaxUriLength })
        {
            errors.AddModelError("joinUrl", ApiValidation.TooLong("joinUrl", ApiLimits.MaxUriLength));
        }
        else if (!string.IsNullOrWhiteSpace(request.JoinUrl))
        {
            if (!TeamsJoinUrl.TryParse(request.JoinUrl, out var parsed, out var error))
            {
                errors.AddModelError("joinUrl", error);
            }

            coordinates = parsed;
        }
        else if (request.Coordinates is { } raw)
        {
            coordinates = ToCoordinates(raw, errors);
        }
        else if (!MeetingJoinRequest.IsJoinMeetingId(request.JoinMeetingId!))
        {
            errors.AddModelError("joinMeetingId", $"'joinMeetingId' is made of digits only (at most {ApiLimits.MaxJoinMeetingIdLength}).");
        }

        if (request.GuestDisplayName is { } guest && string.IsNullOrWhiteSpace(guest))
        {
            errors.AddModelError("guestDisplayName", "'guestDisplayName' must not be blank when given.");
        }
        else
        {
            ApiValidation.Text(request.GuestDisplayName, "guestDisplayName", ApiLimits.MaxDisplayNameLength, errors);
        }

        if (request.Passcode is { Length: > ApiLimits.MaxPasscodeLength })
        {
            errors.AddModelError("passcode", ApiValidation.TooLong("passcode", ApiLimits.MaxPasscodeLength));
        }
        else if (request.Passcode is { } passcode && passcode.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            errors.AddModelError("passcode", "'passcode' must not contain white space or control characters.");
        }

        var media = ApiModelMapper.ToStartOptions(request.TenantId, request.Handler, request.Media, errors);
        if (!errors.IsValid)
        {
            return null;
        }

        return new MeetingJoinRequest
        {
            Coordinates = coordinates,
            JoinMeetingId = coordinates is null ? request.JoinMeetingId!.Trim() : null,
            Passcode = request.Passcode,
            TenantId = ApiModelMapper.Optional(request.TenantId),
            GuestDisplayName = request.GuestDisplayName,
            Media = media,
        };
    }

    private static MeetingCoordinates? ToCoordinates(MeetingCoordinatesModel raw, ModelStateDictionary errors)
    {
        if (raw.ThreadId is { Length: > ApiLimits.MaxThreadIdLength })
        {
            errors.AddModelError("coordinates.threadId", ApiValidation.TooLong("coordinates.threadId", ApiLimits.MaxThreadIdLength));
        }
        else if (string.IsNullOrWhiteSpace(raw.ThreadId) || raw.ThreadId.Any(char.IsControl) || !raw.ThreadId.StartsWith("19:", StringComparison.Ordinal) || !raw.ThreadId.Contains('@', StringComparison.Ordinal))
        {
            errors.AddModelError("coordinates.threadId", "'coordinates.threadId' must be a Teams chat thread id (19:…@thread…).");
        }

        ApiValidation.OptionalId(raw.MessageId, "coordinates.messageId", errors);
        ApiValidation.OptionalId(raw.ReplyChainMessageId, "coordinates.replyChainMessageId", errors);
        if (!Guid.TryParse(raw.OrganizerId, out _))
        {
            errors.AddModelError("coordinates.organizerId", "'coordinates.organizerId' must be the organizer's user id (a GUID).");
        }

        if (!Guid.TryParse(raw.TenantId, out _))
        {
            errors.AddModelError("coordinates.tenantId", "'coordinates.tenantId' must be the organizer's tenant id (a GUID).");
        }

        return errors.IsValid
            ? new MeetingCoordinates(raw.ThreadId!, ApiModelMapper.Optional(raw.MessageId) ?? "0", raw.OrganizerId!, raw.TenantId!, ApiModelMapper.Optional(raw.ReplyChainMessageId))
            : null;
    }
}
