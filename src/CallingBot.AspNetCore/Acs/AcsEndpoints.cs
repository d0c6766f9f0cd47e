using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallingBot.Acs.Calling;
using CallingBot.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Acs;

/// <summary>
/// The two webhooks ACS calls: <c>POST /api/acs/incoming</c> (Event Grid: the validation handshake and IncomingCall
/// events) and <c>POST /api/acs/callbacks</c> (Call Automation's CloudEvents). Each authenticates before it reads the
/// body, bounds the body, and answers errors as problem details naming what was wrong.
/// </summary>
internal sealed partial class AcsEndpoints(AcsCallingPlatform platform, AcsCallbackTokenValidator tokens, IOptions<AcsEndpointOptions> options, ILogger<AcsEndpoints> logger)
{
    public const string IncomingPath = "/api/acs/incoming";
    public const string CallbacksPath = "/api/acs/callbacks";

    private const string ValidationEventType = "Microsoft.EventGrid.SubscriptionValidationEvent";
    private const string IncomingCallEventType = "Microsoft.Communication.IncomingCall";

    public async Task<IResult> IncomingAsync(HttpContext context)
    {
        var settings = options.Value;
        var code = context.Request.Query["code"].ToString();
        if (settings.EventGridSubscriptions.Count == 0 || settings.EventGridSecret is null || !FixedTimeEquals(code, settings.EventGridSecret))
        {
            Log.EventGridRefused(logger, "missing or wrong code");
            return Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "The code query parameter does not match CallingBot:Acs:EventGridSecret.");
        }

        var subscription = context.Request.Headers["aeg-subscription-name"].ToString();
        if (!settings.EventGridSubscriptions.Contains(subscription, StringComparer.OrdinalIgnoreCase))
        {
            Log.EventGridRefused(logger, "unknown subscription");
            return Problem(StatusCodes.Status403Forbidden, "Unknown subscription", "The aeg-subscription-name header names no subscription of CallingBot:Acs:EventGridSubscriptions.");
        }

        if (await ReadBodyAsync(context, settings.MaxEventBodyBytes).ConfigureAwait(false) is not { } body)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body exceeds CallingBot:Acs:MaxEventBodyBytes ({settings.MaxEventBodyBytes} bytes).");
        }

        var eventType = context.Request.Headers["aeg-event-type"].ToString();
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return Problem(StatusCodes.Status400BadRequest, "Malformed events", "The body must be a JSON array of Event Grid events.");
            }

            var incoming = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                var type = item.TryGetProperty("eventType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (type == ValidationEventType && eventType == "SubscriptionValidation")
                {
                    if (!item.TryGetProperty("data", out var data) || !data.TryGetProperty("validationCode", out var validation) || validation.ValueKind != JsonValueKind.String)
                    {
                        return Problem(StatusCodes.Status400BadRequest, "Malformed validation event", "data.validationCode is missing.");
                    }

                    Log.SubscriptionValidated(logger, subscription);
                    return Results.Json(new ValidationResponse(validation.GetString()!));
                }

                if (type == IncomingCallEventType && item.TryGetProperty("data", out var callData))
                {
                    if (!platform.ProcessIncomingCall(callData))
                    {
                        return Problem(StatusCodes.Status400BadRequest, "Malformed IncomingCall event", "data must carry incomingCallContext, correlationId and from.");
                    }

                    incoming++;
                }
            }

            Log.EventGridDelivered(logger, incoming);
            return Results.Ok();
        }
        catch (JsonException)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed events", "The body is not valid JSON.");
        }
    }

    public async Task<IResult> CallbacksAsync(HttpContext context)
    {
        var settings = options.Value;
        if (await tokens.ValidateAsync(context.Request.Headers.Authorization.ToString(), context.RequestAborted).ConfigureAwait(false) is { } reason)
        {
            Log.CallbackRefused(logger, reason);
            return Problem(StatusCodes.Status401Unauthorized, "Unauthorized", $"Authorization: {reason}.");
        }

        if (await ReadBodyAsync(context, settings.MaxEventBodyBytes).ConfigureAwait(false) is not { } body)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body exceeds CallingBot:Acs:MaxEventBodyBytes ({settings.MaxEventBodyBytes} bytes).");
        }

        try
        {
            platform.ProcessCallbackEvents(body);
            return Results.Ok();
        }
        catch (JsonException)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed events", "The body is not a valid JSON array of CloudEvents.");
        }
    }

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);

    private static bool FixedTimeEquals(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static async Task<byte[]?> ReadBodyAsync(HttpContext context, int limit)
    {
        if (context.Request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private sealed record ValidationResponse(string validationResponse);

    private static partial class Log
    {
        [LoggerMessage(EventId = AspNetCoreEventIds.AcsEventGridRefused, EventName = nameof(AspNetCoreEventIds.AcsEventGridRefused), Level = LogLevel.Warning, Message = "Event Grid delivery refused: {Reason}")]
        public static partial void EventGridRefused(ILogger logger, string reason);

        [LoggerMessage(EventId = AspNetCoreEventIds.AcsSubscriptionValidated, EventName = nameof(AspNetCoreEventIds.AcsSubscriptionValidated), Level = LogLevel.Information, Message = "Event Grid subscription {Subscription} validated")]
        public static partial void SubscriptionValidated(ILogger logger, string subscription);

        [LoggerMessage(EventId = AspNetCoreEventIds.AcsEventGridDelivered, EventName = nameof(AspNetCoreEventIds.AcsEventGridDelivered), Level = LogLevel.Debug, Message = "Event Grid delivery with {IncomingCalls} incoming call(s)")]
        public static partial void EventGridDelivered(ILogger logger, int incomingCalls);

        [LoggerMessage(EventId = AspNetCoreEventIds.AcsCallbackRefused, EventName = nameof(AspNetCoreEventIds.AcsCallbackRefused), Level = LogLevel.Warning, Message = "ACS callback refused: {Reason}")]
        public static partial void CallbackRefused(ILogger logger, string reason);
    }
}
