using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Acs;

/// <summary>
/// Maps the emulated ACS Call Automation API (<c>/calling/callConnections</c>, signed with the access key) and its
/// control view (<c>GET /emulator/acs/callConnections</c>, unsigned like the rest of the control API).
/// </summary>
internal sealed partial class AcsEndpoints
{
    private const string RepeatabilityRequestId = "Repeatability-Request-ID";
    private const string RepeatabilityFirstSent = "Repeatability-First-Sent";

    private readonly AcsEmulatorOptions _acs;
    private readonly EmulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly AcsSignatureVerifier _verifier;
    private readonly AcsCallRegistry _registry;
    private readonly AcsCallbackPublisher _publisher;
    private readonly AcsCallbackTokens _tokens;
    private readonly AcsEventGrid _eventGrid;
    private readonly ILogger _logger;

    private AcsEndpoints(AcsEmulatorOptions acs, EmulatorOptions options, TimeProvider time, HttpClient deliveryClient, Identity.SigningKey signingKey, ILoggerFactory loggers, CancellationToken stopping)
    {
        _acs = acs;
        _options = options;
        _time = time;
        _verifier = new AcsSignatureVerifier(acs, time);
        _registry = new AcsCallRegistry(acs, time);
        _tokens = new AcsCallbackTokens(signingKey, acs, time);
        _publisher = new AcsCallbackPublisher(deliveryClient, options, time, _tokens, loggers.CreateLogger<AcsCallbackPublisher>(), stopping);
        _eventGrid = new AcsEventGrid(deliveryClient, acs, options, time, loggers.CreateLogger<AcsEventGrid>());
        _logger = loggers.CreateLogger<AcsEndpoints>();
        Control = new AcsEmulatorControl(this);
    }

    /// <summary>The in-process control of the emulated ACS resource.</summary>
    public AcsEmulatorControl Control { get; }

    /// <summary>The emulator's https address, once it listens: the issuer of the callback tokens.</summary>
    public Uri PublicBaseAddress
    {
        set => _tokens.Issuer = value.AbsoluteUri.TrimEnd('/');
    }

    /// <summary>Maps the ACS endpoints on <paramref name="web"/>; deliveries stop when the application stops.</summary>
    public static AcsEndpoints Map(WebApplication web, EmulatorOptions options, TimeProvider time, ILoggerFactory loggers, HttpClient deliveryClient, Identity.SigningKey signingKey, Media.MediaStreamManager? media = null)
    {
        ArgumentNullException.ThrowIfNull(web);
        var acs = AcsEmulatorOptions.For(options);
        var errors = acs.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid emulator options: " + string.Join(" ", errors), nameof(options));
        }

        var stopping = web.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var endpoints = new AcsEndpoints(acs, options, time, deliveryClient, signingKey, loggers, stopping) { _media = media };
        if (media is not null)
        {
            endpoints._registry.Evicted = media.Forget;
        }

        endpoints.Map((IEndpointRouteBuilder)web);
        return endpoints;
    }

    private void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/calling/callConnections", context => RunAsync(context, CreateCall));
        routes.MapGet("/calling/callConnections/{callConnectionId}", context => RunAsync(context, GetCall));
        routes.MapDelete("/calling/callConnections/{callConnectionId}", context => RunAsync(context, HangUp));
        routes.MapGet("/emulator/acs/callConnections", context => WriteAsync(context, new AcsResult(StatusCodes.Status200OK, _registry.Describe().ToJsonString())));
        MapActions(routes);
        MapControl(routes);
    }

    private async Task RunAsync(HttpContext context, Func<HttpContext, byte[], AcsResult> handler)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            await WriteAsync(context, AcsError.Result(StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLarge", "The request body is too large.")).ConfigureAwait(false);
            return;
        }

        if (_verifier.Verify(context, body) is { } reason)
        {
            Log.Unauthorized(_logger, context.Request.Method, context.Request.Path, reason);
            await WriteAsync(context, AcsError.Result(StatusCodes.Status401Unauthorized, "Denied", $"Denied by the resource provider: {reason}.")).ConfigureAwait(false);
            return;
        }

        var version = context.Request.Query["api-version"].ToString();
        if (string.IsNullOrEmpty(version))
        {
            await WriteAsync(context, AcsError.BadRequest("The api-version query parameter is required.", "api-version")).ConfigureAwait(false);
            return;
        }

        if (!AcsEmulatorOptions.IsSupportedApiVersion(version))
        {
            await WriteAsync(context, AcsError.BadRequest($"The api-version '{version}' is not supported by the emulator; use {AcsEmulatorOptions.GaApiVersion} (or {AcsEmulatorOptions.ApiVersion} for Create Call and hang-up).", "api-version")).ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, handler(context, body)).ConfigureAwait(false);
    }

    /// <summary>Checks the repeatability headers; returns the request id ("" when absent) or an error.</summary>
    private AcsResult? CheckRepeatability(HttpContext context, out string requestId)
    {
        requestId = context.Request.Headers[RepeatabilityRequestId].ToString();
        var firstSent = context.Request.Headers[RepeatabilityFirstSent].ToString();
        if (requestId.Length > 0)
        {
            if (!Guid.TryParse(requestId, out _))
            {
                return AcsError.BadRequest($"{RepeatabilityRequestId} must be a UUID.", RepeatabilityRequestId);
            }

            if (!DateTimeOffset.TryParseExact(firstSent, "R", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var sent))
            {
                return AcsError.BadRequest($"{RepeatabilityFirstSent} is required with {RepeatabilityRequestId} and must be an IMF-fixdate, e.g. Sun, 06 Nov 1994 08:49:37 GMT.", RepeatabilityFirstSent);
            }

            if (_time.GetUtcNow() - sent > _acs.RepeatabilityWindow)
            {
                return AcsError.BadRequest($"{RepeatabilityFirstSent} is older than the repeatability window; send the request with a new {RepeatabilityRequestId}.", RepeatabilityFirstSent);
            }
        }

        return null;
    }

    private AcsResult CreateCall(HttpContext context, byte[] body)
    {
        if (CheckRepeatability(context, out var requestId) is { } invalidRepeatability)
        {
            return invalidRepeatability;
        }

        AcsCallConnection? created = null;
        var preview = context.Request.Query["api-version"].ToString() == AcsEmulatorOptions.ApiVersion;
        var (result, replayed) = _registry.RunOnce(requestId.Length > 0 ? requestId : null, () => Execute(body, preview, out created));
        context.Response.Headers["Repeatability-Result"] = "accepted";
        if (replayed)
        {
            Log.Replayed(_logger, requestId);
        }
        else if (created is { } call)
        {
            Log.Created(_logger, call.Id, requestId);
            if (_acs.AutoConnect)
            {
                // Like the service: the event follows the 201, it does not race ahead of it.
                context.Response.OnCompleted(() =>
                {
                    call.State = "connected";
                    _publisher.Publish(call, "CallConnected");
                    JoinAll(call, BotIdentifier(call.Request), call.Request["targets"] as JsonArray);
                    OnCallConnected(call);
                    return Task.CompletedTask;
                });
            }
        }

        return result;
    }

    /// <summary>Creates the call: the seed's body with the preview api-version, the generally available body otherwise.</summary>
    private AcsResult Execute(byte[] body, bool preview, out AcsCallConnection? created)
    {
        created = null;
        JsonObject request;
        try
        {
            if (JsonNode.Parse(body) is not JsonObject parsed)
            {
                return AcsError.BadRequest("The request body must be a JSON object (CreateCallRequest).", "createCallRequest");
            }

            request = parsed;
        }
        catch (JsonException exception)
        {
            return AcsError.BadRequest($"The request body is not valid JSON: {exception.Message}", "createCallRequest");
        }

        var invalid = preview
            ? AcsCreateCallValidator.Validate(request, _options.AllowHttpCallbacks)
            : AcsCreateCallValidator.ValidateGa(request, _options.AllowHttpCallbacks);
        if (invalid is not null)
        {
            return invalid;
        }

        if (request[AcsMediaStreamingValidator.Path] is { } mediaOptions && AcsMediaStreamingValidator.Validate(mediaOptions, _options.AllowHttpCallbacks) is { } invalidMedia)
        {
            return invalidMedia;
        }

        created = _registry.Add(request, preview);
        return new AcsResult(StatusCodes.Status201Created, created.ToProperties().ToJsonString(), $"/calling/callConnections/{created.Id}");
    }

    /// <summary>The bot's identifier in a Create Call body: the GA <c>source</c> (<c>{"id"}</c>) or the preview <c>source.identifier</c>.</summary>
    private static JsonObject? BotIdentifier(JsonObject request)
    {
        if (request["source"] is not JsonObject source)
        {
            return null;
        }

        if (source["identifier"] is JsonObject identifier)
        {
            return identifier;
        }

        return source["id"] is JsonValue id && id.TryGetValue<string>(out var rawId)
            ? new JsonObject { ["kind"] = "communicationUser", ["rawId"] = rawId, ["communicationUser"] = new JsonObject { ["id"] = rawId } }
            : source;
    }

    /// <summary>The bot and the other parties are in the call once it connects: one ParticipantsUpdated for all.</summary>
    private void JoinAll(AcsCallConnection call, JsonObject? bot, JsonArray? others)
    {
        if (bot is not null)
        {
            call.Roster.Add(bot);
        }

        foreach (var other in others ?? [])
        {
            if (other is JsonObject identifier)
            {
                call.Roster.Add(identifier);
            }
        }

        PublishRoster(call);
    }

    /// <summary>Posts ParticipantsUpdated with the whole roster and the next sequence number.</summary>
    private void PublishRoster(AcsCallConnection call) => _publisher.Publish(call, "ParticipantsUpdated", extra: call.Roster.Snapshot());

    private AcsResult GetCall(HttpContext context, byte[] body)
    {
        var id = (string)context.Request.RouteValues["callConnectionId"]!;
        return _registry.Find(id) is { } call
            ? new AcsResult(StatusCodes.Status200OK, call.ToProperties().ToJsonString())
            : NotFound(id);
    }

    private AcsResult HangUp(HttpContext context, byte[] body)
    {
        var id = (string)context.Request.RouteValues["callConnectionId"]!;
        return Disconnect(id) ? new AcsResult(StatusCodes.Status204NoContent, null) : NotFound(id);
    }

    /// <summary>Ends the call connection and posts CallDisconnected; false when it is unknown.</summary>
    private bool Disconnect(string id)
    {
        if (_registry.Remove(id) is not { } call)
        {
            return false;
        }

        call.State = "disconnected";
        _media?.StopStream(id);
        Log.HungUp(_logger, id);
        _publisher.Publish(call, "CallDisconnected");
        return true;
    }

    private static AcsResult NotFound(string id) =>
        AcsError.Result(StatusCodes.Status404NotFound, "NotFound", $"Call connection '{id}' was not found.", "callConnectionId");

    private async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        var limit = _options.MaxRequestBodyBytes;
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

    private static Task WriteAsync(HttpContext context, AcsResult result)
    {
        context.Response.StatusCode = result.Status;
        if (result.Location is not null)
        {
            context.Response.Headers.Location = result.Location;
        }

        if (result.Body is null)
        {
            return Task.CompletedTask;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(result.Body, context.RequestAborted);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EmulatorEventIds.AcsCallCreated, EventName = nameof(EmulatorEventIds.AcsCallCreated), Level = LogLevel.Information, Message = "ACS call connection {CallConnectionId} created (repeatability id {RequestId})")]
        public static partial void Created(ILogger logger, string callConnectionId, string requestId);

        [LoggerMessage(EventId = EmulatorEventIds.AcsRequestReplayed, EventName = nameof(EmulatorEventIds.AcsRequestReplayed), Level = LogLevel.Information, Message = "ACS request {RequestId} repeated: returned the original response")]
        public static partial void Replayed(ILogger logger, string requestId);

        [LoggerMessage(EventId = EmulatorEventIds.AcsUnauthorized, EventName = nameof(EmulatorEventIds.AcsUnauthorized), Level = LogLevel.Warning, Message = "ACS {Method} {Path} rejected: {Reason}")]
        public static partial void Unauthorized(ILogger logger, string method, PathString path, string reason);

        [LoggerMessage(EventId = EmulatorEventIds.AcsCallHungUp, EventName = nameof(EmulatorEventIds.AcsCallHungUp), Level = LogLevel.Information, Message = "ACS call connection {CallConnectionId} hung up")]
        public static partial void HungUp(ILogger logger, string callConnectionId);
    }
}
