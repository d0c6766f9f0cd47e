using System.Text.Json.Nodes;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Notifications;

namespace CallingBot.Emulator.Calls;

internal sealed partial class CallEngine
{
    /// <summary>POST /communications/calls/{id}/playPrompt</summary>
    public EngineResult PlayPrompt(GraphRequestContext context)
    {
        var prompts = ReadPrompts(context.Body, required: true);
        Fields.Bool(context.Body, "loop", "loop");
        return RunOperation(context, "playPrompt", "#microsoft.graph.playPromptOperation", _options.PromptDuration * Math.Max(1, prompts), call => { },
            completed => completed["completionReason"] = "completedSuccessfully");
    }

    /// <summary>POST /communications/calls/{id}/recordResponse: completed synchronously with a recording location.</summary>
    public EngineResult RecordResponse(GraphRequestContext context)
    {
        var body = context.Body;
        ReadPrompts(body, required: false);
        CheckRange(body, "initialSilenceTimeoutInSeconds", 1, 300);
        CheckRange(body, "maxSilenceTimeoutInSeconds", 1, 300);
        CheckRange(body, "maxRecordDurationInSeconds", 1, 600);
        Fields.Bool(body, "bargeInAllowed", "bargeInAllowed");
        Fields.Bool(body, "playBeep", "playBeep");
        var stopTones = ReadStopTones(body);
        var clientContext = Fields.String(body, "clientContext", "clientContext", maxLength: EmulatorLimits.MaxClientContextLength);
        context.Require(AnyCallPermission);
        var call = GetLiveCall(context.CallId, context.Principal.AppId);
        JsonObject operation;
        lock (call.Gate)
        {
            EnsureState(call, "recordResponse", CallStates.Established);
            var id = Guid.NewGuid().ToString();
            operation = Operation(call, id, "#microsoft.graph.recordOperation", clientContext, "completed", ResultCodes.Success("Action completed, the response is recorded."));
            operation["completionReason"] = stopTones is { Count: > 0 } ? "stopToneDetected" : "maxRecordDurationReached";
            operation["recordingLocation"] = new Uri(PublicBaseAddress, $"emulator/recordings/{id}.wav").ToString();
            operation["recordingAccessToken"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
            call.Operations[id] = operation;
        }

        return new EngineResult(200, operation.DeepClone(), call.Id, AfterResponse: () =>
        {
            lock (call.Gate)
            {
                NotifyOperation(call, operation);
            }
        });
    }

    /// <summary>POST /communications/calls/{id}/subscribeToTone</summary>
    public EngineResult SubscribeToTone(GraphRequestContext context) =>
        RunOperation(context, "subscribeToTone", "#microsoft.graph.subscribeToToneOperation", TimeSpan.Zero, call => call.ToneSubscribed = true);

    /// <summary>POST /communications/calls/{id}/sendDtmfTones</summary>
    public EngineResult SendDtmfTones(GraphRequestContext context)
    {
        var tones = Fields.EnumArray(context.Body, "tones", "tones", GraphEnums.Tones, required: true, maxCount: EmulatorLimits.MaxTones)!;
        CheckRange(context.Body, "delayBetweenTonesMs", 0, 5000);
        return RunOperation(context, "sendDtmfTones", "#microsoft.graph.sendDtmfTonesOperation", TimeSpan.Zero,
            call => RecordEvent(call, $"Bot sent DTMF tones {string.Join(" ", tones)}."),
            completed => completed["completionReason"] = "completedSuccessfully");
    }

    /// <summary>POST /communications/calls/{id}/cancelMediaProcessing</summary>
    public EngineResult CancelMediaProcessing(GraphRequestContext context) =>
        RunOperation(context, "cancelMediaProcessing", "#microsoft.graph.cancelMediaProcessingOperation", TimeSpan.Zero, _ => { });

    /// <summary>POST /communications/calls/{id}/mute</summary>
    public EngineResult MuteSelf(GraphRequestContext context) => SetSelfMuted(context, true);

    /// <summary>POST /communications/calls/{id}/unmute</summary>
    public EngineResult UnmuteSelf(GraphRequestContext context) => SetSelfMuted(context, false);

    /// <summary>POST /communications/calls/{id}/updateRecordingStatus</summary>
    public EngineResult UpdateRecordingStatus(GraphRequestContext context)
    {
        var status = Fields.Enum(context.Body, "status", "status", GraphEnums.RecordingStatuses, required: true)!;
        return RunOperation(context, "updateRecordingStatus", "#microsoft.graph.updateRecordingStatusOperation", TimeSpan.Zero, call =>
        {
            call.RecordingStatus = status;
            if (call.BotParticipant is { } bot)
            {
                bot.RecordingStatus = status;
                NotifyRoster(call, [bot]);
            }
        });
    }

    /// <summary>POST /communications/calls/{id}/changeScreenSharingRole</summary>
    public EngineResult ChangeScreenSharingRole(GraphRequestContext context)
    {
        var role = Fields.Enum(context.Body, "role", "role", GraphEnums.ScreenSharingRoles, required: true)!;
        context.Require(AnyCallPermission);
        var call = GetLiveCall(context.CallId, context.Principal.AppId);
        lock (call.Gate)
        {
            EnsureState(call, "changeScreenSharingRole", CallStates.Established);
            if (call.BotParticipant is { } bot)
            {
                bot.ScreenSharingRole = role;
                bot.IsSharingScreen = role == "sharer";
            }
        }

        return new EngineResult(202, CallId: call.Id, AfterResponse: () =>
        {
            lock (call.Gate)
            {
                if (!call.IsTerminated && call.BotParticipant is { } bot)
                {
                    NotifyRoster(call, [bot]);
                }
            }
        });
    }

    /// <summary>GET /communications/calls/{id}/operations/{operationId}</summary>
    public EngineResult GetOperation(GraphRequestContext context)
    {
        context.Require(AnyCallPermission);
        var call = GetLiveCall(context.CallId, context.Principal.AppId);
        var operationId = context.OperationId;
        lock (call.Gate)
        {
            return operationId is not null && call.Operations.TryGetValue(operationId, out var operation)
                ? new EngineResult(200, operation.DeepClone(), call.Id)
                : throw GraphRequestException.NotFound($"Operation '{operationId}' was not found.");
        }
    }

    private EngineResult SetSelfMuted(GraphRequestContext context, bool muted) =>
        RunOperation(context, muted ? "mute" : "unmute", muted ? "#microsoft.graph.muteParticipantOperation" : "#microsoft.graph.unmuteParticipantOperation", TimeSpan.Zero, call =>
        {
            if (call.BotParticipant is { } bot && bot.IsMuted != muted)
            {
                bot.IsMuted = muted;
                NotifyRoster(call, [bot]);
            }
        });

    /// <summary>
    /// The common shape of media operations: validate state, answer 200 with the operation "running", then (after the
    /// response and <paramref name="duration"/>) apply <paramref name="apply"/> and notify the completed operation.
    /// </summary>
    private EngineResult RunOperation(GraphRequestContext context, string name, string odataType, TimeSpan duration, Action<EmulatedCall> apply, Action<JsonObject>? complete = null)
    {
        var clientContext = Fields.String(context.Body, "clientContext", "clientContext", maxLength: EmulatorLimits.MaxClientContextLength);

        context.Require(AnyCallPermission);
        var call = GetLiveCall(context.CallId, context.Principal.AppId);
        JsonObject running;
        var id = Guid.NewGuid().ToString();
        lock (call.Gate)
        {
            EnsureState(call, name, CallStates.Established);
            running = Operation(call, id, odataType, clientContext, "running", null);
            call.Operations[id] = running;
        }

        return new EngineResult(200, running.DeepClone(), call.Id, AfterResponse: () => Schedule(call, duration, () =>
        {
            apply(call);
            var completed = Operation(call, id, odataType, clientContext, "completed", ResultCodes.Success("Action completed."));
            complete?.Invoke(completed);
            call.Operations[id] = completed;
            NotifyOperation(call, completed);
        }));
    }

    private static JsonObject Operation(EmulatedCall call, string id, string odataType, string? clientContext, string status, JsonObject? resultInfo) => new()
    {
        ["@odata.type"] = odataType,
        ["@odata.id"] = $"{CallResource.Path(call.Id)}/operations/{id}",
        ["id"] = id,
        ["status"] = status,
        ["clientContext"] = clientContext,
        ["resultInfo"] = resultInfo,
    };

    private void NotifyOperation(EmulatedCall call, JsonObject operation) =>
        Notify(call, NotificationFactory.Deleted, $"{CallResource.Path(call.Id)}/operations/{operation["id"]!.GetValue<string>()}", operation.DeepClone());

    private static int ReadPrompts(JsonObject body, bool required)
    {
        var prompts = Fields.Array(body, "prompts", "prompts", required, EmulatorLimits.MaxPrompts);
        if (prompts is null)
        {
            return 0;
        }

        for (var i = 0; i < prompts.Count; i++)
        {
            if (prompts[i] is not JsonObject prompt)
            {
                throw GraphRequestException.BadRequest($"Invalid request: 'prompts[{i}]' must be an object.");
            }

            var type = Fields.ODataType(prompt);
            if (type is not null && !type.EndsWith("mediaPrompt", StringComparison.OrdinalIgnoreCase))
            {
                throw GraphRequestException.BadRequest($"Invalid request: 'prompts[{i}].@odata.type' must be #microsoft.graph.mediaPrompt.");
            }

            var mediaInfo = Fields.Object(prompt, "mediaInfo", $"prompts[{i}].mediaInfo", required: true)!;
            var uri = Fields.String(mediaInfo, "uri", $"prompts[{i}].mediaInfo.uri", required: true, maxLength: EmulatorLimits.MaxUriLength)!;
            if (!Uri.TryCreate(uri, UriKind.Absolute, out _))
            {
                throw GraphRequestException.BadRequest($"Invalid request: 'prompts[{i}].mediaInfo.uri' must be an absolute URI.");
            }
        }

        return prompts.Count;
    }

    /// <summary>stopTones accepts keypad characters ("#", "1", "*") as in Graph's examples, or tone names.</summary>
    private static List<string>? ReadStopTones(JsonObject body)
    {
        var array = Fields.Array(body, "stopTones", "stopTones");
        if (array is null)
        {
            return null;
        }

        var result = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            var value = array[i]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? array[i]!.GetValue<string>() : null;
            var tone = value is { Length: 1 } ? GraphEnums.ToneFromKey(value[0]) : value is null ? null : GraphEnums.Tones.FirstOrDefault(t => string.Equals(t, value, StringComparison.OrdinalIgnoreCase));
            result.Add(tone ?? throw GraphRequestException.BadRequest($"Invalid request: 'stopTones[{i}]' must be a keypad character (0-9, *, #, A-D) or a tone name, not '{value}'."));
        }

        return result;
    }

    private static void CheckRange(JsonObject body, string name, int min, int max)
    {
        if (Fields.Int(body, name, name) is { } value && (value < min || value > max))
        {
            throw GraphRequestException.BadRequest($"Invalid request: '{name}' must be between {min} and {max}, not {value}.");
        }
    }
}
