using CallingBot.AspNetCore.Api.Calls;
using CallingBot.AspNetCore.Api.Contracts;
using CallingBot.AspNetCore.Api.Meetings;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CallingBot.AspNetCore.Api;

/// <summary>Writes <see cref="ApiLimits"/> into the OpenAPI document as <c>maxLength</c> and <c>maxItems</c>.</summary>
internal sealed class ApiLimitsSchemaTransformer : IOpenApiSchemaTransformer
{
    private static readonly Dictionary<(Type Type, string Property), (int? MaxLength, int? MaxItems)> Limits = new()
    {
        [(typeof(IdentityModel), "id")] = (ApiLimits.MaxIdLength, null),
        [(typeof(IdentityModel), "displayName")] = (ApiLimits.MaxDisplayNameLength, null),
        [(typeof(IdentityModel), "tenantId")] = (ApiLimits.MaxIdLength, null),
        [(typeof(CreateCallRequest), "targets")] = (null, ApiLimits.MaxTargets),
        [(typeof(CreateCallRequest), "tenantId")] = (ApiLimits.MaxIdLength, null),
        [(typeof(CreateCallRequest), "subject")] = (ApiLimits.MaxSubjectLength, null),
        [(typeof(CreateCallRequest), "handler")] = (ApiLimits.MaxHandlerNameLength, null),
        [(typeof(TransferRequest), "consultationCallId")] = (ApiLimits.MaxIdLength, null),
        [(typeof(PlayPromptRequest), "prompts")] = (null, ApiLimits.MaxPrompts),
        [(typeof(PromptModel), "uri")] = (ApiLimits.MaxUriLength, null),
        [(typeof(SendDtmfRequest), "tones")] = (ApiLimits.MaxDtmfTones, null),
        [(typeof(JoinMeetingRequest), "joinUrl")] = (ApiLimits.MaxUriLength, null),
        [(typeof(JoinMeetingRequest), "joinMeetingId")] = (ApiLimits.MaxJoinMeetingIdLength, null),
        [(typeof(JoinMeetingRequest), "passcode")] = (ApiLimits.MaxPasscodeLength, null),
        [(typeof(JoinMeetingRequest), "tenantId")] = (ApiLimits.MaxIdLength, null),
        [(typeof(JoinMeetingRequest), "guestDisplayName")] = (ApiLimits.MaxDisplayNameLength, null),
        [(typeof(JoinMeetingRequest), "handler")] = (ApiLimits.MaxHandlerNameLength, null),
        [(typeof(MeetingCoordinatesModel), "threadId")] = (ApiLimits.MaxThreadIdLength, null),
        [(typeof(MeetingCoordinatesModel), "messageId")] = (ApiLimits.MaxIdLength, null),
        [(typeof(MeetingCoordinatesModel), "organizerId")] = (ApiLimits.MaxIdLength, null),
        [(typeof(MeetingCoordinatesModel), "tenantId")] = (ApiLimits.MaxIdLength, null),
        [(typeof(MeetingCoordinatesModel), "replyChainMessageId")] = (ApiLimits.MaxIdLength, null),
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonPropertyInfo is { DeclaringType: var declaring, Name: var name } && Limits.TryGetValue((declaring, name), out var limit))
        {
            schema.MaxLength = limit.MaxLength ?? schema.MaxLength;
            schema.MaxItems = limit.MaxItems ?? schema.MaxItems;
        }
        else if (context.ParameterDescription is { Name: "callId" })
        {
            schema.MaxLength = ApiLimits.MaxIdLength;
        }

        return Task.CompletedTask;
    }
}
