using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallingBot.Acs.Calling;
using CallingBot.AspNetCore.Cluster;
using CallingBot.AspNetCore.Diagnostics;
using CallingBot.Cluster;
using CallingBot.Cluster.Calls;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Acs;

/// <summary>
/// The two webhooks ACS calls: <c>POST /api/acs/incoming</c> (Event Grid: the validation handshake and IncomingCall
/// events) and <c>POST /api/acs/callbacks</c> (Call Automation's CloudEvents). Each authenticates before it reads the
/// body, bounds the body, and answers errors as problem details naming what was wrong. With several instances, an
/// IncomingCall is claimed once across the cluster (Event Grid delivers at least once, possibly to several instances),
/// and a callback for a call another instance holds is verified here, then handed to that instance.
/// </summary>
internal sealed partial class AcsEndpoints(AcsCallingPlatform platform, AcsCallbackTokenValidator tokens, IOptions<AcsEndpointOptions> options, IServiceProvider services, ILogger<AcsEndpoints> logger)
{
    private readonly CallOwners? _owners = services.GetService<CallOwners>();

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
                    var correlationId = callData.ValueKind == JsonValueKind.Object && callData.TryGetProperty("correlationId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
                    if (!string.IsNullOrEmpty(correlationId) && _owners is not null && HasOtherMembers(_owners))
                    {
                        bool claimed;
                        try
                        {
                            claimed = await _owners.ClaimIncomingCallAsync(correlationId).WaitAsync(context.RequestAborted).ConfigureAwait(false);
                        }
                        catch (Exception exception) when (exception is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
                        {
                            Log.ClusterUnavailable(logger, "incoming call", exception.GetType().Name);
                            return Unavailable("The cluster could not claim the incoming call; retry.");
                        }

                        if (!claimed)
                        {
                            Log.IncomingCallClaimedElsewhere(logger, correlationId);
                            continue;
                        }
                    }

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

        if (_owners is not null && !context.Items.ContainsKey(PipelineRequestExecutor.HandedOverKey) && CallOf(body) is var (connectionId, correlationId)
            && !platform.Holds(connectionId, correlationId) && HasOtherMembers(_owners))
        {
            // Verified here; the instance that holds the call processes it. The call is keyed in the cluster by Core's
            // call id: the call connection id for a call the bot created, the correlation id for one it answered.
            try
            {
                var forwarded = CallOwnerMiddleware.ToForwarded(context, body);
                foreach (var key in correlationId is null ? [connectionId] : new[] { connectionId, correlationId })
                {
                    if (await _owners.SendAsync(key, forwarded).WaitAsync(context.RequestAborted).ConfigureAwait(false) is { } response)
                    {
                        Log.CallbackHandedToOwner(logger, key, response.Owner);
                        return new ForwardedResult(response);
                    }
                }

                Log.CallbackOwnerUnknown(logger, connectionId);
                return Unavailable($"No instance holds call connection '{connectionId}' yet; retry.");
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
            {
                Log.ClusterUnavailable(logger, "callback", exception.GetType().Name);
                return Unavailable("The instance holding the call could not be reached; retry.");
            }
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

    /// <summary>
    /// Whether other instances are active members of the cluster: only then can a call be held elsewhere or an
    /// IncomingCall reach another instance. An instance alone (or whose silo has not started) handles everything itself.
    /// </summary>
    private static bool HasOtherMembers(CallOwners owners)
    {
        try
        {
            return owners.ActiveMemberCount > 1;
        }
        catch (ClusterNotStartedException)
        {
            return false;
        }
    }

    /// <summary>The call connection id and correlation id of the first event of a callback body; null when it names none (or is not JSON).</summary>
    private static (string ConnectionId, string? CorrelationId)? CallOf(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var first = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().FirstOrDefault() : root;
            if (first.ValueKind != JsonValueKind.Object || !first.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("callConnectionId", out var connection) || connection.ValueKind != JsonValueKind.String || connection.GetString() is not { Length: > 0 } connectionId)
            {
                return null;
            }

            var correlationId = data.TryGetProperty("correlationId", out var correlation) && correlation.ValueKind == JsonValueKind.String ? correlation.GetString() : null;
            return (connectionId, string.IsNullOrEmpty(correlationId) ? null : correlationId);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static RetryLater Unavailable(string detail) => new(detail);

    /// <summary>503 with Retry-After: 1 and a problem details body.</summary>
    private sealed class RetryLater(string detail) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = "1";
            return Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable", detail).ExecuteAsync(httpContext);
        }
    }

    /// <summary>The owner's response, as it answered.</summary>
    private sealed class ForwardedResult(ForwardedResponse response) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = response.StatusCode;
            foreach (var (name, value) in response.Headers)
            {
                httpContext.Response.Headers.Append(name, value);
            }

            httpContext.Response.ContentLength = response.Body.Length;
            await httpContext.Response.Body.WriteAsync(response.Body, httpContext.RequestAborted).ConfigureAwait(false);
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

        [LoggerMessage(EventId = AspNetCoreEventIds.AcsCallbackHandedToOwner, EventName = nameof(AspNetCoreEventIds.AcsCallbackHandedToOwner), Level = LogLevel.Debug, Message = "ACS callback for call {CallId} handed to instance {Owner}")]
        public static partial void CallbackHandedToOwner(ILogger logger, string callId, string owner);

        [LoggerMessage(EventId = AspNetCoreEventIds.AcsCallbackOwnerUnknown, EventName = nameof(AspNetCoreEventIds.AcsCallbackOwnerUnknown), Level = LogLevel.Debug, Message = "No instance holds ACS call connection {CallConnectionId}; the sender is asked to retry")]
        public static partial void CallbackOwnerUnknown(ILogger logger, string callConnectionId);

        [LoggerMessage(EventId = AspNetCoreEventIds.AcsIncomingCallClaimedElsewhere, EventName = nameof(AspNetCoreEventIds.AcsIncomingCallClaimedElsewhere), Level = LogLevel.Information, Message = "ACS incoming call {CorrelationId} was claimed by another instance; not handled here")]
        public static partial void IncomingCallClaimedElsewhere(ILogger logger, string correlationId);

        [LoggerMessage(EventId = AspNetCoreEventIds.AcsClusterUnavailable, EventName = nameof(AspNetCoreEventIds.AcsClusterUnavailable), Level = LogLevel.Warning, Message = "ACS {Webhook} could not reach the cluster ({ExceptionType}); the sender is asked to retry")]
        public static partial void ClusterUnavailable(ILogger logger, string webhook, string exceptionType);

        [LoggerMessage(EventId = AspNetCoreEventIds.AcsCallbackRefused, EventName = nameof(AspNetCoreEventIds.AcsCallbackRefused), Level = LogLevel.Warning, Message = "ACS callback refused: {Reason}")]
        public static partial void CallbackRefused(ILogger logger, string reason);
    }
}
