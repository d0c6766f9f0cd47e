using CallingBot.Cluster;
using CallingBot.Core.Handlers;
using CallingBot.Core.Manager;
using CallingBot.AspNetCore.Api.Contracts;
using CallingBot.AspNetCore.Api.Errors;
using CallingBot.AspNetCore.Api.Handlers;
using Microsoft.AspNetCore.Mvc;

namespace CallingBot.AspNetCore.Api.Calls;

/// <summary>Places calls and operates on the calls this bot instance holds.</summary>
[Route(ApiRoutes.Calls)]
[Tags("Calls")]
internal sealed class CallsController(ICallManager manager, IOutboundCallHandlerFactory handlers, ILogger<CallsController> logger)
    : CallingBotApiController(logger)
{
    /// <summary>Places a peer-to-peer, group or PSTN call.</summary>
    [HttpPost]
    [EndpointName("CreateCall")]
    [ProducesResponseType<CallModel>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<ActionResult<CallModel>> CreateAsync(CreateCallRequest request, CancellationToken cancellationToken)
    {
        if (CreateCallMapping.ToOutboundCall(request, ModelState) is not { } call
            || CreateHandler(handlers, new OutboundHandlerRequest(OutboundCallKind.Call, request.Handler, call, null)) is not { } handler)
        {
            return ValidationProblem(ModelState);
        }

        return await StartCallAsync(
            "create call",
            CreateCallMapping.FieldOf,
            () => manager.CreateCallAsync(call, handler, cancellationToken),
            snapshot => ApiLog.CallCreated(Logger, snapshot.CallId, call.Targets.Count, snapshot.HandlerName));
    }

    /// <summary>Lists the live calls of every instance of the service, oldest first, each with the instance that holds it.</summary>
    [HttpGet]
    [EndpointName("ListCalls")]
    [ProducesResponseType<CallListModel>(StatusCodes.Status200OK)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "MVC actions are instance methods.")]
    public async Task<ActionResult<CallListModel>> ListAsync([FromServices] CallOwners owners, CancellationToken cancellationToken)
    {
        var instances = await owners.ListCallsAsync(cancellationToken);
        var calls = instances
            .SelectMany(i => i.Calls.Select(call => ApiModelMapper.ToSummary(call, i.Instance)))
            .OrderBy(call => call.CreatedAt)
            .ToList();
        return new CallListModel
        {
            Count = calls.Count,
            Calls = calls,
            UnavailableInstances = [.. instances.Where(i => i.Error is not null).Select(i => i.Instance)],
        };
    }

    /// <summary>Gets one call: state, direction, participants and recent events.</summary>
    [HttpGet("{callId}")]
    [EndpointName("GetCall")]
    [ProducesResponseType<CallModel>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public ActionResult<CallModel> Get(string callId)
    {
        if (!ApiValidation.Id(callId, "callId", ModelState))
        {
            return ValidationProblem(ModelState);
        }

        return manager.GetCall(callId) is { } snapshot ? ApiModelMapper.ToModel(snapshot) : CallNotFound(callId);
    }

    /// <summary>Hangs up the call. It leaves the list once the calling service confirms the end.</summary>
    [HttpDelete("{callId}")]
    [EndpointName("HangUpCall")]
    [ProducesResponseType<OperationModel>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway)]
    public async Task<ActionResult<OperationModel>> HangUpAsync(string callId, CancellationToken cancellationToken)
    {
        if (!ApiValidation.Id(callId, "callId", ModelState) || manager.FindCall(callId) is not null)
        {
            return await RunAsync(callId, "hangUp", accepted: true, (call, ct) => call.HangUpAsync(ct), cancellationToken);
        }

        // Not held here: a call of the application left behind (a crashed instance) is ended at the service directly.
        ApiLog.Operation(Logger, "hangUp", callId);
        try
        {
            if (!await manager.EndCallAsync(callId, tenantId: null, cancellationToken))
            {
                return CallNotFound(callId);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Failure("hangUp", exception, FailureScope.Call, name => name ?? "hangUp");
        }

        return Accepted(new OperationModel { CallId = callId, Operation = "hangUp", Status = "accepted" });
    }

    /// <summary>Transfers the call (blind, or consultative with <c>consultationCallId</c>); the bot leaves once the target answers.</summary>
    [HttpPost("{callId}/transfer")]
    [EndpointName("TransferCall")]
    [ProducesResponseType<OperationModel>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway)]
    public async Task<ActionResult<OperationModel>> TransferAsync(string callId, TransferRequest request, CancellationToken cancellationToken)
    {
        ApiValidation.Id(callId, "callId", ModelState);
        var target = ApiModelMapper.ToIdentity(request.Target, "target", ModelState);
        if (request.ConsultationCallId is { } consultation && string.IsNullOrWhiteSpace(consultation))
        {
            ModelState.AddModelError("consultationCallId", "'consultationCallId' must name one of the bot's calls when given.");
        }
        else
        {
            ApiValidation.Id(request.ConsultationCallId, "consultationCallId", ModelState);
        }

        if (!ModelState.IsValid)
        {
            return ValidationProblem(ModelState);
        }

        if (request.ConsultationCallId is { } other && manager.GetCall(other) is null)
        {
            ModelState.AddModelError("consultationCallId", $"'consultationCallId': this bot holds no call with id '{other}'.");
            return manager.GetCall(callId) is null ? CallNotFound(callId) : ValidationProblem(ModelState);
        }

        return await RunAsync(
            callId,
            "transfer",
            accepted: true,
            (call, ct) => request.ConsultationCallId is { } replaces ? call.TransferAsync(target!, replaces, ct) : call.TransferAsync(target!, ct),
            cancellationToken);
    }

    /// <summary>Plays one or more prompts; completes when they have played.</summary>
    [HttpPost("{callId}/playPrompt")]
    [EndpointName("PlayPrompt")]
    [ProducesResponseType<OperationModel>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway)]
    public async Task<ActionResult<OperationModel>> PlayPromptAsync(string callId, PlayPromptRequest request, CancellationToken cancellationToken)
    {
        var prompts = ApiModelMapper.ToPrompts(request.Prompts, ModelState);
        if (!ModelState.IsValid)
        {
            return ValidationProblem(ModelState);
        }

        return await RunAsync(callId, "playPrompt", accepted: false, (call, ct) => call.PlayPromptsAsync(prompts, ct), cancellationToken);
    }

    /// <summary>Sends DTMF keys into the call.</summary>
    [HttpPost("{callId}/sendDtmf")]
    [EndpointName("SendDtmf")]
    [ProducesResponseType<OperationModel>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway)]
    public async Task<ActionResult<OperationModel>> SendDtmfAsync(string callId, SendDtmfRequest request, CancellationToken cancellationToken)
    {
        if (!ApiModelMapper.IsDtmf(request.Tones))
        {
            ModelState.AddModelError("tones", $"'tones' must be 1 to {ApiLimits.MaxDtmfTones} DTMF keys ({Dtmf.Keys}).");
            return ValidationProblem(ModelState);
        }

        return await RunAsync(callId, "sendDtmf", accepted: false, (call, ct) => call.SendDtmfAsync(request.Tones!, ct), cancellationToken);
    }

    /// <summary>Invites a user or a phone number into the call.</summary>
    [HttpPost("{callId}/participants/invite")]
    [EndpointName("InviteParticipant")]
    [ProducesResponseType<OperationModel>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway)]
    public async Task<ActionResult<OperationModel>> InviteAsync(string callId, InviteParticipantRequest request, CancellationToken cancellationToken)
    {
        var participant = ApiModelMapper.ToIdentity(request.Participant, "participant", ModelState);
        if (!ModelState.IsValid)
        {
            return ValidationProblem(ModelState);
        }

        return await RunAsync(callId, "invite", accepted: false, (call, ct) => call.InviteAsync(participant!, ct), cancellationToken);
    }

    private async Task<ActionResult<OperationModel>> RunAsync(
        string callId,
        string operation,
        bool accepted,
        Func<ICallContext, CancellationToken, Task> verb,
        CancellationToken cancellationToken)
    {
        if (!ApiValidation.Id(callId, "callId", ModelState))
        {
            return ValidationProblem(ModelState);
        }

        if (manager.FindCall(callId) is not { } call)
        {
            return CallNotFound(callId);
        }

        ApiLog.Operation(Logger, operation, callId);
        try
        {
            await verb(call, cancellationToken);
        }
        catch (OperationCanceledException) when (call.CallEnded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return CallEnded(callId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Failure(operation, exception, FailureScope.Call, name => name ?? operation);
        }

        var result = new OperationModel { CallId = callId, Operation = operation, Status = accepted ? "accepted" : "completed" };
        return accepted ? Accepted(result) : Ok(result);
    }
}
