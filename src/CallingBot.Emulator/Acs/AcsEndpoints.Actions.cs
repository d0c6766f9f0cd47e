using System.Text.Json;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Acs;

/// <summary>
/// The Call Automation actions: answer / reject / redirect an incoming call, and the mid-call actions
/// (<c>{id}:play</c>, <c>:startContinuousDtmfRecognition</c>, <c>:stopContinuousDtmfRecognition</c>,
/// <c>:sendDtmfTones</c>, <c>:transferToParticipant</c>, <c>:cancelAllMediaOperations</c>, <c>participants:add</c>,
/// <c>participants:remove</c>, <c>participants:mute</c>, <c>:startMediaStreaming</c>, <c>:stopMediaStreaming</c>), each
/// completed with the event the service posts.
/// </summary>
internal sealed partial class AcsEndpoints
{
    private static readonly JsonObject Success = new() { ["code"] = 200, ["subCode"] = 0, ["message"] = "Action completed successfully." };

    private void MapActions(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/calling/.well-known/acsopenidconfiguration", context => WriteAsync(context, new AcsResult(StatusCodes.Status200OK, _tokens.OpenIdConfiguration().ToJsonString())));
        routes.MapGet("/calling/keys", context => WriteAsync(context, new AcsResult(StatusCodes.Status200OK, _tokens.Keys().ToJsonString())));
        routes.MapPost("/calling/{operation}", context => RunAsync(context, (c, body) => Repeatable(c, () => IncomingCallAction(c, body))));
        routes.MapPost("/calling/callConnections/{operation}", context => RunAsync(context, (c, body) => Repeatable(c, () => CallAction(c, body, null))));
        routes.MapPost("/calling/callConnections/{callConnectionId}/{operation}", context => RunAsync(context, (c, body) => Repeatable(c, () => CallAction(c, body, (string)c.Request.RouteValues["callConnectionId"]!))));
    }

    private AcsResult Repeatable(HttpContext context, Func<AcsResult> execute)
    {
        if (CheckRepeatability(context, out var requestId) is { } invalid)
        {
            return invalid;
        }

        var (result, replayed) = _registry.RunOnce(requestId.Length > 0 ? requestId : null, execute);
        if (replayed)
        {
            Log.Replayed(_logger, requestId);
        }

        context.Response.Headers["Repeatability-Result"] = "accepted";
        return result;
    }

    private AcsResult IncomingCallAction(HttpContext context, byte[] body)
    {
        var operation = (string)context.Request.RouteValues["operation"]!;
        if (Parse(body) is not { } request)
        {
            return AcsError.BadRequest("The request body must be a JSON object.", "body");
        }

        if (operation is not ("callConnections:answer" or "callConnections:reject" or "callConnections:redirect"))
        {
            return AcsError.Result(StatusCodes.Status404NotFound, "NotFound", $"Unknown operation '{operation}'.", "operation");
        }

        if (Text(request, "incomingCallContext") is not { } incomingCallContext)
        {
            return AcsError.BadRequest("incomingCallContext is required.", "incomingCallContext");
        }

        if (operation == "callConnections:answer" && AcsCreateCallValidator.ValidateCallbackUri(request, _options.AllowHttpCallbacks) is { } invalidCallback)
        {
            return invalidCallback;
        }

        if (operation == "callConnections:answer" && request[AcsMediaStreamingValidator.Path] is { } mediaOptions
            && AcsMediaStreamingValidator.Validate(mediaOptions, _options.AllowHttpCallbacks) is { } invalidMedia)
        {
            return invalidMedia;
        }

        if (operation == "callConnections:redirect" && request["target"] is not JsonObject)
        {
            return AcsError.BadRequest("target is required.", "target");
        }

        if (_registry.TakeRinging(incomingCallContext) is not { } incoming)
        {
            return AcsError.Result(StatusCodes.Status404NotFound, "CallNotFound", "The incoming call is unknown, or was already answered, rejected or redirected.", "incomingCallContext");
        }

        if (operation != "callConnections:answer")
        {
            Log.Action(_logger, operation, incoming.CorrelationId);
            return new AcsResult(StatusCodes.Status204NoContent, null);
        }

        var answered = new JsonObject
        {
            ["callbackUri"] = request["callbackUri"]!.DeepClone(),
            ["operationContext"] = request["operationContext"]?.DeepClone(),
            ["source"] = incoming.To.DeepClone(),
            ["targets"] = new JsonArray(incoming.From.DeepClone()),
        };
        if (request["mediaStreamingOptions"] is JsonObject media)
        {
            answered["mediaStreamingOptions"] = media.DeepClone();
        }

        var call = _registry.AddAnswered(incoming, answered);
        call.State = "connected";
        Log.Answered(_logger, call.Id, incoming.CorrelationId);

        // Like the service: CallConnected follows the answer's response.
        context.Response.OnCompleted(() =>
        {
            _publisher.Publish(call, "CallConnected");
            JoinAll(call, incoming.To, new JsonArray(incoming.From.DeepClone()));
            OnCallConnected(call);
            return Task.CompletedTask;
        });
        return new AcsResult(StatusCodes.Status200OK, call.ToProperties().ToJsonString());
    }

    private AcsResult CallAction(HttpContext context, byte[] body, string? participantsOf)
    {
        var operation = (string)context.Request.RouteValues["operation"]!;
        string id;
        string action;
        if (participantsOf is null)
        {
            var colon = operation.LastIndexOf(':');
            if (colon <= 0)
            {
                return AcsError.Result(StatusCodes.Status404NotFound, "NotFound", $"Unknown operation '{operation}'.", "operation");
            }

            id = operation[..colon];
            action = operation[(colon + 1)..];
        }
        else
        {
            id = participantsOf;
            action = operation;
        }

        if (_registry.Find(id) is not { } call)
        {
            return NotFound(id);
        }

        if (Parse(body) is not { } request)
        {
            return AcsError.BadRequest("The request body must be a JSON object.", "body");
        }

        var operationContext = request["operationContext"]?.DeepClone();
        var echo = new JsonObject { ["operationContext"] = operationContext?.DeepClone() };
        lock (call)
        {
            call.Actions.Add((action, request.ToJsonString()));
        }

        Log.Action(_logger, action, call.Id);
        switch (action)
        {
            case "play":
                return Play(call, request, echo);
            case "startContinuousDtmfRecognition":
                if (request["targetParticipant"] is not JsonObject)
                {
                    return AcsError.BadRequest("targetParticipant is required.", "targetParticipant");
                }

                lock (call)
                {
                    call.ToneRecognitionActive = true;
                    call.ToneRecognitionContext = (string?)operationContext;
                }

                return new AcsResult(StatusCodes.Status200OK, null);
            case "stopContinuousDtmfRecognition":
                lock (call)
                {
                    call.ToneRecognitionActive = false;
                }

                _publisher.Publish(call, "ContinuousDtmfRecognitionStopped", Success, echo);
                return new AcsResult(StatusCodes.Status200OK, null);
            case "sendDtmfTones":
                if (request["tones"] is not JsonArray { Count: > 0 })
                {
                    return AcsError.BadRequest("tones must hold at least one tone.", "tones");
                }

                _publisher.Publish(call, "SendDtmfTonesCompleted", Success, echo);
                return new AcsResult(StatusCodes.Status202Accepted, new JsonObject { ["operationContext"] = operationContext?.DeepClone() }.ToJsonString());
            case "transferToParticipant":
                if (request["targetParticipant"] is not JsonObject target)
                {
                    return AcsError.BadRequest("targetParticipant is required.", "targetParticipant");
                }

                echo["transferTarget"] = target.DeepClone();
                _publisher.Publish(call, "CallTransferAccepted", Success, echo);
                Disconnect(call.Id);
                return new AcsResult(StatusCodes.Status202Accepted, new JsonObject { ["operationContext"] = operationContext?.DeepClone() }.ToJsonString());
            case "startMediaStreaming":
                return StartMediaStreaming(call, echo);
            case "stopMediaStreaming":
                return StopMediaStreaming(call, echo);
            case "cancelAllMediaOperations":
                return new AcsResult(StatusCodes.Status202Accepted, new JsonObject { ["operationContext"] = operationContext?.DeepClone() }.ToJsonString());
            case "participants:add":
                if (request["participantToAdd"] is not JsonObject added)
                {
                    return AcsError.BadRequest("participantToAdd is required.", "participantToAdd");
                }

                echo["participant"] = added.DeepClone();
                _publisher.Publish(call, "AddParticipantSucceeded", Success, echo);
                if (call.Roster.Add(added))
                {
                    PublishRoster(call);
                }

                return new AcsResult(StatusCodes.Status202Accepted, new JsonObject { ["operationContext"] = operationContext?.DeepClone(), ["invitationId"] = Guid.NewGuid().ToString() }.ToJsonString());
            case "participants:remove":
                if (request["participantToRemove"] is not JsonObject removed)
                {
                    return AcsError.BadRequest("participantToRemove is required.", "participantToRemove");
                }

                echo["participant"] = removed.DeepClone();
                _publisher.Publish(call, "RemoveParticipantSucceeded", Success, echo);
                if (call.Roster.Remove(removed))
                {
                    PublishRoster(call);
                }

                return new AcsResult(StatusCodes.Status202Accepted, new JsonObject { ["operationContext"] = operationContext?.DeepClone() }.ToJsonString());
            case "participants:mute":
                return Mute(call, request, operationContext);
            default:
                return AcsError.Result(StatusCodes.Status404NotFound, "NotFound", $"Unknown action '{action}'.", "operation");
        }
    }

    /// <summary>Mute Participants: exactly one target, in the call; 200, then ParticipantsUpdated when its state changed.</summary>
    private AcsResult Mute(AcsCallConnection call, JsonObject request, JsonNode? operationContext)
    {
        if (request["targetParticipants"] is not JsonArray { Count: 1 } targets)
        {
            return AcsError.BadRequest("targetParticipants must hold exactly one participant.", "targetParticipants");
        }

        if (targets[0] is not JsonObject target || AcsRoster.Key(target).Length == 0)
        {
            return AcsError.BadRequest("targetParticipants[0] must be a communication identifier.", "targetParticipants[0]");
        }

        if (!call.Roster.IsMuted(target, out var muted))
        {
            return AcsError.Result(StatusCodes.Status404NotFound, "ParticipantNotFound", $"'{AcsRoster.Key(target)}' is not a participant of the call.", "targetParticipants[0]");
        }

        if (!muted)
        {
            call.Roster.SetMuted(target, true);
            PublishRoster(call);
        }

        return new AcsResult(StatusCodes.Status200OK, new JsonObject { ["operationContext"] = operationContext?.DeepClone() }.ToJsonString());
    }

    private AcsResult Play(AcsCallConnection call, JsonObject request, JsonObject echo)
    {
        if (request["playSources"] is not JsonArray { Count: > 0 } sources)
        {
            return AcsError.BadRequest("playSources must hold at least one source.", "playSources");
        }

        var uris = new List<string>();
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is not JsonObject source || !string.Equals((string?)source["kind"], "file", StringComparison.OrdinalIgnoreCase))
            {
                return AcsError.BadRequest("The emulator plays file sources only.", $"playSources[{i}].kind");
            }

            if (source["file"]?["uri"] is not JsonValue uriValue || !uriValue.TryGetValue<string>(out var uri) || !Uri.TryCreate(uri, UriKind.Absolute, out _))
            {
                return AcsError.BadRequest("file.uri must be an absolute URL.", $"playSources[{i}].file.uri");
            }

            uris.Add(uri);
        }

        lock (call)
        {
            call.PlayedPrompts.AddRange(uris);
        }

        _publisher.Publish(call, "PlayCompleted", Success, echo);
        return new AcsResult(StatusCodes.Status202Accepted, null);
    }

    private static JsonObject? Parse(byte[] body)
    {
        try
        {
            return body.Length == 0 ? null : JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject request, string name) =>
        request[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = EmulatorEventIds.AcsCallAnswered, EventName = nameof(EmulatorEventIds.AcsCallAnswered), Level = LogLevel.Information, Message = "ACS incoming call {CorrelationId} answered as call connection {CallConnectionId}")]
        public static partial void Answered(ILogger logger, string callConnectionId, string correlationId);

        [LoggerMessage(EventId = EmulatorEventIds.AcsActionRequested, EventName = nameof(EmulatorEventIds.AcsActionRequested), Level = LogLevel.Information, Message = "ACS action {Action} on {CallId}")]
        public static partial void Action(ILogger logger, string action, string callId);
    }
}
