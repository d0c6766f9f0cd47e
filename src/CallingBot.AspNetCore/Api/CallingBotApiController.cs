using CallingBot.Core.Handlers;
using CallingBot.Core.Manager;
using CallingBot.Core.Platform;
using CallingBot.AspNetCore.Api.Contracts;
using CallingBot.AspNetCore.Api.Errors;
using CallingBot.AspNetCore.Api.Handlers;
using CallingBot.AspNetCore.ApiAccess;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CallingBot.AspNetCore.Api;

/// <summary>
/// What the API controllers share: the one mapping from what the call manager or a call refused to ProblemDetails
/// that say what was wrong (never a stack trace), and the start of a call with the handler the request names.
/// </summary>
[ApiController]
[Authorize(Policy = ApiAuthorization.PolicyName)]
internal abstract class CallingBotApiController(ILogger logger) : ControllerBase
{
    /// <summary>Where a failure happened: starting a call, or an operation on a call the bot holds.</summary>
    private protected enum FailureScope
    {
        StartingCall,
        Call,
    }

    protected ILogger Logger { get; } = logger;

    protected ObjectResult CallNotFound(string callId)
    {
        var problem = Problem(statusCode: StatusCodes.Status404NotFound, title: "Call not found", detail: $"This bot holds no call with id '{callId}'.", type: ApiProblemTypes.CallNotFound);
        ((ProblemDetails)problem.Value!).Extensions["callId"] = callId;
        return problem;
    }

    protected ObjectResult CallEnded(string callId) =>
        Problem(statusCode: StatusCodes.Status409Conflict, title: "Call ended", detail: $"Call '{callId}' ended before the operation completed.", type: ApiProblemTypes.CallEnded);

    /// <summary>
    /// The handler the request names, or null with the 400 already recorded under <c>handler</c>
    /// (answer with <see cref="ControllerBase.ValidationProblem(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary)"/>).
    /// </summary>
    private protected CallHandler? CreateHandler(IOutboundCallHandlerFactory handlers, OutboundHandlerRequest request)
    {
        var handler = handlers.Create(request);
        if (handler is null)
        {
            ModelState.AddModelError("handler", $"'handler' must be one of: {string.Join(", ", handlers.HandlerNames)}.");
        }

        return handler;
    }

    /// <summary>Starts a call through the call manager: 201 with the call and its location, or the failure's answer.</summary>
    private protected async Task<ActionResult<CallModel>> StartCallAsync(string operation, Func<string?, string> field, Func<Task<CallSnapshot>> start, Action<CallSnapshot> started)
    {
        CallSnapshot snapshot;
        try
        {
            snapshot = await start();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Failure(operation, exception, FailureScope.StartingCall, field);
        }

        started(snapshot);
        return CreatedAtAction(nameof(Calls.CallsController.Get), "Calls", new { callId = snapshot.CallId }, ApiModelMapper.ToModel(snapshot));
    }

    /// <summary>
    /// The answer to a request the call manager or a call refused: an argument the handler API rejected is a 400 under
    /// the request field it came from; a state that does not allow the request is a 503 when starting a call (draining,
    /// at capacity) and a 409 on a call; a refusal by the calling service is mapped by <see cref="PlatformErrorMapping"/>.
    /// </summary>
    private protected ActionResult Failure(string operation, Exception exception, FailureScope scope, Func<string?, string> field)
    {
        switch (exception)
        {
            case ArgumentException argument:
                return InvalidArgument(argument, field);
            case InvalidOperationException when scope == FailureScope.StartingCall:
                ApiLog.Unavailable(Logger, operation, exception.Message);
                return Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Cannot start the call", detail: exception.Message, type: ApiProblemTypes.Unavailable);
            case InvalidOperationException:
                ApiLog.Unavailable(Logger, operation, exception.Message);
                return Problem(statusCode: StatusCodes.Status409Conflict, title: "Operation not possible now", detail: exception.Message);
            case PlatformException platform:
                // The service's own explanation is relayed.
                ApiLog.ServiceFailed(Logger, exception, operation);
                return Problem(PlatformErrorMapping.ToProblem(platform.Kind), platform.Message);
            default:
                // Anything else is only logged.
                ApiLog.ServiceFailed(Logger, exception, operation);
                return Problem(PlatformErrorMapping.Unclassified, $"The {operation} request failed; the bot's log has the details.");
        }
    }

    private ObjectResult Problem(ApiProblem problem, string detail) =>
        Problem(statusCode: problem.Status, title: problem.Title, detail: detail, type: problem.Type);

    /// <summary>An argument the handler API rejected, reported under the request field it came from.</summary>
    private ActionResult InvalidArgument(ArgumentException exception, Func<string?, string> field)
    {
        var message = exception.Message;
        var suffix = exception.ParamName is null ? -1 : message.IndexOf(" (Parameter", StringComparison.Ordinal);
        ModelState.AddModelError(field(exception.ParamName), suffix > 0 ? message[..suffix] : message);
        return ValidationProblem(ModelState);
    }
}
