using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CallingBot.Core.Diagnostics;
using CallingBot.Core.Manager;
using CallingBot.Core.Registry;
using CallingBot.Graph.Notifications;
using CallingBot.AspNetCore.Diagnostics;
using CallingBot.AspNetCore.Cluster;
using CallingBot.AspNetCore.RequestLimits;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CallingBot.AspNetCore.Callbacks;

/// <summary>
/// The bot's calling webhook: Graph (or the emulator) POSTs commsNotifications here. The bearer token is validated
/// and its use counted (<see cref="CallbackTokenRateLimiter"/>) before a single byte of the body is read; the body is
/// bounded, checked for shape, checked against the bodies this token already delivered (<see cref="CallbackReplayCache"/>)
/// and handed to the instance that owns its call (<see cref="NotificationRouter"/>), whose SDK processes it. It needs no
/// API credentials: the token is its authentication. Each request is a <c>callback</c> span, the parent of the spans of
/// the call work it causes.
/// </summary>
[ApiController]
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
internal sealed partial class CallbackController(
    CallbackTokenValidator validator,
    NotificationRouter router,
    ICallRegistry callRegistry,
    ICallManager callManager,
    CallbackTokenRateLimiter rateLimiter,
    CallbackReplayCache replays,
    CallbackMetrics metrics,
    IOptions<CallbackAuthenticationOptions> options,
    ILogger<CallbackController> logger) : ControllerBase
{
    /// <summary>Path of the calling webhook; register <c>https://{your host}/api/calling</c> with the bot.</summary>
    public const string Path = "/api/calling";

    private static readonly Uri FallbackUri = new("https://localhost" + Path);

    [HttpPost(Path)]
    public async Task<IActionResult> ReceiveAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var answer = await ProcessAsync(cancellationToken);
        var status = answer is IStatusCodeActionResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        metrics.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("http.response.status_code", status));
        return answer;
    }

    private async Task<IActionResult> ProcessAsync(CancellationToken cancellationToken)
    {
        using var span = CallingBotActivity.Source.StartActivity(CallingBotActivity.CallbackSpan, ActivityKind.Internal);
        var authentication = await validator.ValidateAsync(Request.Headers.Authorization.ToString(), cancellationToken);
        if (!authentication.Succeeded)
        {
            metrics.AuthenticationFailures.Add(1, new KeyValuePair<string, object?>("reason", authentication.Reason));
            if (authentication.Reason == CallbackAuthenticationResult.MetadataUnavailable)
            {
                // The caller may be genuine: ask Graph to retry instead of dropping the notification.
                return Outcome(span, CallbackResults.KeysUnavailable, Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable", detail: authentication.Reason));
            }

            Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{authentication.Reason}\"";
            return Outcome(span, CallbackResults.Unauthorized, Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: authentication.Reason));
        }

        span?.SetTag(CallingBotActivity.TenantIdTag, authentication.TenantId);
        var tokenKey = authentication.TokenKey!;
        var expiresAt = authentication.ExpiresAt!.Value;
        var rate = rateLimiter.Acquire(tokenKey, expiresAt);
        if (!rate.IsAllowed)
        {
            metrics.Throttled.Add(1);
            if (rate.IsFirstRefusal)
            {
                Log.TokenThrottled(logger, Fingerprint(tokenKey), options.Value.MaxRequestsPerToken, options.Value.TokenRequestWindow);
            }

            Response.Headers.RetryAfter = Seconds(rate.RetryAfter);
            return Outcome(span, CallbackResults.Throttled, Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests",
                detail: $"This token authenticated {options.Value.MaxRequestsPerToken} requests in {options.Value.TokenRequestWindow}; retry after the window."));
        }

        if (!IsJsonUtf8(Request.ContentType))
        {
            Log.Rejected(logger, "unsupported-media-type");
            return Outcome(span, CallbackResults.UnsupportedMediaType, Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "Notifications must be application/json in UTF-8."));
        }

        var limit = options.Value.MaxBodyBytes;
        if (Request.ContentLength is { } declared && declared > limit)
        {
            Log.Rejected(logger, "payload-too-large");
            return Outcome(span, CallbackResults.TooLarge, TooLarge(limit));
        }

        if (HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        var body = await BoundedBody.ReadAsync(Request.Body, limit, cancellationToken);
        if (body is null)
        {
            Log.Rejected(logger, "payload-too-large");
            return Outcome(span, CallbackResults.TooLarge, TooLarge(limit));
        }

        var inspection = NotificationShape.Inspect(body, callRegistry.GetStatus);
        if (!inspection.IsValid)
        {
            Log.Rejected(logger, inspection.Error!);
            return Outcome(span, CallbackResults.Malformed, Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed notification", detail: inspection.Error));
        }

        TagCalls(span, inspection);

        foreach (var ignored in inspection.Ignored)
        {
            Log.Ignored(logger, ignored);
        }

        if (inspection.Accepted == 0)
        {
            return Outcome(span, CallbackResults.Ignored, StatusCode(StatusCodes.Status202Accepted));
        }

        ReconcileUnknownCalls(inspection, authentication.TenantId!);
        if (!callRegistry.HasLiveCalls(authentication.TenantId!) && inspection.IncomingCallIds.Count == 0)
        {
            // A tenant the bot holds no call in, and no new call: a replay or a stray. Graph needs no retry.
            Log.NoCallInTenant(logger, authentication.TenantId!, inspection.Accepted);
            metrics.DroppedNotifications.Add(1, new KeyValuePair<string, object?>("reason", "no-call-in-tenant"));
            return Outcome(span, CallbackResults.NoCallInTenant, StatusCode(StatusCodes.Status202Accepted));
        }

        // Only a batch whose every notification names one event can be recognised when it comes again: a snapshot
        // (a full roster, an untagged state) can recur byte for byte legitimately and is always processed.
        CallbackReplayCheck? replay = null;
        if (inspection.IsVersioned)
        {
            var check = replays.Begin(tokenKey, expiresAt, body);
            switch (check.Verdict)
            {
                case CallbackReplayVerdict.Replay:
                    metrics.Replays.Add(1);
                    if (check.IsFirstReplayOfToken)
                    {
                        Log.ReplayIgnored(logger, Fingerprint(tokenKey));
                    }
                    else
                    {
                        Log.ReplayIgnoredAgain(logger, Fingerprint(tokenKey));
                    }

                    // A retry after a lost response gets the answer the first delivery got (a participantJoiningResponse).
                    return Outcome(span, CallbackResults.Replay, check.Response is null
                        ? StatusCode(StatusCodes.Status202Accepted)
                        : Content(check.Response, "application/json", Encoding.UTF8));
                case CallbackReplayVerdict.InFlight:
                    Response.Headers.RetryAfter = "1";
                    return Outcome(span, CallbackResults.InFlight, Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable", detail: "The same notification is being processed; retry."));
            }

            replay = check;
        }

        NotificationResult? result = null;
        try
        {
            var requestId = ReadGuidHeader("client-request-id");
            var scenarioId = ReadGuidHeader("scenario-id");
            result = await router.DeliverAsync(RequestUri(), inspection, authentication.TenantId!, requestId, scenarioId);
            if (result.IsProcessed)
            {
                foreach (var callId in inspection.DeletedCallIds)
                {
                    // Only a call the bot holds: the SDK raises a new call after this returns (its deleted waits in
                    // the SDK's backlog), and marking that one ended now would make the bot drop it unrecorded.
                    if (callRegistry.GetStatus(callId) == CallStatus.Live)
                    {
                        callRegistry.MarkEnded(callId);
                    }
                }
            }

            return Outcome(span, CallbackResults.Of(result.Kind), Respond(result));
        }
        finally
        {
            // Only a body processed successfully counts as delivered: the sender's retry of a failed one is processed.
            if (replay is { Key: var key })
            {
                if (result is { IsProcessed: true })
                {
                    replays.Complete(key, result.ResponseJson);
                }
                else
                {
                    replays.Abandon(key);
                }
            }
        }
    }

    /// <summary>
    /// A call the batch names that this process neither holds nor ended, and that the batch neither creates nor
    /// deletes, was the bot's before (a restart, a lost instance): the call manager asks the service for it and takes it
    /// over in the background. The notification itself goes on as usual (the SDK ignores a call it does not hold).
    /// </summary>
    private void ReconcileUnknownCalls(NotificationInspection inspection, string tenantId)
    {
        foreach (var callId in inspection.UnknownCallIds)
        {
            callManager.ReconcileUnknownCall(callId, tenantId);
        }
    }

    /// <summary>
    /// The answer to the sender for what became of the batch: a malformed batch is refused for good (400), while
    /// "not ready" (503) and a failure inside the bot (500) ask the sender to retry.
    /// </summary>
    private IActionResult Respond(NotificationResult result) => result.Kind switch
    {
        NotificationResultKind.Accepted => StatusCode(StatusCodes.Status202Accepted),
        NotificationResultKind.Answered => Content(result.ResponseJson!, "application/json", Encoding.UTF8),
        NotificationResultKind.Malformed => NotProcessed(StatusCodes.Status400BadRequest, result),
        NotificationResultKind.NotReady => NotProcessed(StatusCodes.Status503ServiceUnavailable, result),
        NotificationResultKind.Failed => NotProcessed(StatusCodes.Status500InternalServerError, result),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Kind, "Unknown notification result."),
    };

    /// <summary>Tags the span with what became of the callback; a 5xx answer (the sender retries) fails it.</summary>
    private static IActionResult Outcome(Activity? span, string result, IActionResult answer)
    {
        if (span is not null)
        {
            span.SetTag(CallingBotActivity.CallbackResultTag, result);
            if (answer is IStatusCodeActionResult { StatusCode: >= 500 })
            {
                CallingBotActivity.SetError(span, result);
            }
        }

        return answer;
    }

    private static void TagCalls(Activity? span, NotificationInspection inspection)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag(CallingBotActivity.NotificationCountTag, inspection.Accepted);
        switch (inspection.CallIds)
        {
            case [var callId]:
                span.SetTag(CallingBotActivity.CallIdTag, callId);
                break;
            case { Count: > 1 } callIds:
                span.SetTag(CallingBotActivity.CallIdsTag, callIds.ToArray());
                break;
        }
    }

    private ObjectResult NotProcessed(int statusCode, NotificationResult result) =>
        Problem(statusCode: statusCode, title: "Notification not processed", detail: result.Reason);

    /// <summary>A short, stable, non-reversible name of a token for logs.</summary>
    private static string Fingerprint(string tokenKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tokenKey)).AsSpan(0, 6));

    private static string Seconds(TimeSpan delay) =>
        Math.Max(1, (long)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private ObjectResult TooLarge(long limit) =>
        Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: $"Notifications are limited to {limit} bytes.");

    private static bool IsJsonUtf8(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        return media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            && (!media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    private Uri RequestUri() =>
        Uri.TryCreate($"{Request.Scheme}://{Request.Host}{Request.PathBase}{Request.Path}", UriKind.Absolute, out var uri) ? uri : FallbackUri;

    private Guid ReadGuidHeader(string name) =>
        Guid.TryParse(Request.Headers[name].ToString(), out var value) ? value : Guid.NewGuid();

    private static partial class Log
    {
        [LoggerMessage(EventId = AspNetCoreEventIds.NotificationRejected, EventName = nameof(AspNetCoreEventIds.NotificationRejected), Level = LogLevel.Warning, Message = "Notification rejected before the SDK: {Reason}")]
        public static partial void Rejected(ILogger logger, string reason);

        [LoggerMessage(EventId = AspNetCoreEventIds.NotificationIgnored, EventName = nameof(AspNetCoreEventIds.NotificationIgnored), Level = LogLevel.Information, Message = "Notification about an unhandled {Resource} ignored")]
        public static partial void Ignored(ILogger logger, string resource);

        [LoggerMessage(EventId = AspNetCoreEventIds.NotificationWithoutCall, EventName = nameof(AspNetCoreEventIds.NotificationWithoutCall), Level = LogLevel.Warning, Message = "Notification batch ({Count} notification(s)) for tenant {TenantId}, which has no call with this bot, dropped")]
        public static partial void NoCallInTenant(ILogger logger, string tenantId, int count);

        [LoggerMessage(EventId = AspNetCoreEventIds.CallbackTokenThrottled, EventName = nameof(AspNetCoreEventIds.CallbackTokenThrottled), Level = LogLevel.Warning, Message = "Callback token {Fingerprint} exceeded {MaxRequests} requests per {Window}; its requests are refused with 429 until the window ends")]
        public static partial void TokenThrottled(ILogger logger, string fingerprint, int maxRequests, TimeSpan window);

        [LoggerMessage(EventId = AspNetCoreEventIds.CallbackReplayIgnored, EventName = nameof(AspNetCoreEventIds.CallbackReplayIgnored), Level = LogLevel.Warning, Message = "Callback token {Fingerprint} presented a notification it already delivered (a replay, or a duplicate delivery); not processed again")]
        public static partial void ReplayIgnored(ILogger logger, string fingerprint);

        [LoggerMessage(EventId = AspNetCoreEventIds.CallbackReplayIgnoredAgain, EventName = nameof(AspNetCoreEventIds.CallbackReplayIgnoredAgain), Level = LogLevel.Debug, Message = "Callback token {Fingerprint} presented another notification it already delivered; not processed again")]
        public static partial void ReplayIgnoredAgain(ILogger logger, string fingerprint);
    }
}
