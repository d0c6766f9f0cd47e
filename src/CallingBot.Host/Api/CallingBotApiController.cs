using CallingBot.Host.Api.Errors;
using CallingBot.Host.ApiAccess;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CallingBot.Host.Api;

/// <summary>Shared error responses of the API controllers: ProblemDetails that say what was wrong, never a stack trace.</summary>
[ApiController]
[Authorize(Policy = ApiAuthorization.PolicyName)]
public abstract class CallingBotApiController(ILogger logger) : ControllerBase
{
    protected ILogger Logger { get; } = logger;

    protected ObjectResult CallNotFound(string callId)
    {
        var problem = Problem(statusCode: StatusCodes.Status404NotFound, title: "Call not found", detail: $"This bot holds no call with id '{callId}'.", type: ApiProblemTypes.CallNotFound);
        ((Microsoft.AspNetCore.Mvc.ProblemDetails)problem.Value!).Extensions["callId"] = callId;
        return problem;
    }

    protected ObjectResult CallEnded(string callId) =>
        Problem(statusCode: StatusCodes.Status409Conflict, title: "Call ended", detail: $"Call '{callId}' ended before the operation completed.", type: ApiProblemTypes.CallEnded);

    protected ObjectResult Unavailable(string operation, InvalidOperationException exception)
    {
        ApiLog.Unavailable(Logger, operation, exception.Message);
        return Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Cannot start the call", detail: exception.Message, type: ApiProblemTypes.Unavailable);
    }

    protected ObjectResult InvalidForCall(string operation, InvalidOperationException exception)
    {
        ApiLog.Unavailable(Logger, operation, exception.Message);
        return Problem(statusCode: StatusCodes.Status409Conflict, title: "Operation not possible now", detail: exception.Message);
    }

    /// <summary>
    /// The calling service (Graph, or the emulator) answered with an error. Its message is relayed when it comes from
    /// the service's own error body; anything else is only logged.
    /// </summary>
    protected ObjectResult ServiceRefused(string operation, Exception exception)
    {
        ApiLog.ServiceFailed(Logger, exception, operation);
        var fromService = exception is Core.Platform.PlatformException;
        return Problem(
            statusCode: StatusCodes.Status502BadGateway,
            title: "The calling service refused the request",
            detail: fromService ? exception.Message : $"The {operation} request failed; the bot's log has the details.",
            type: ApiProblemTypes.ServiceRefused);
    }

    /// <summary>An argument the handler API rejected, reported under the request field it came from.</summary>
    protected ActionResult InvalidArgument(ArgumentException exception, Func<string?, string> field)
    {
        var message = exception.Message;
        var suffix = exception.ParamName is null ? -1 : message.IndexOf(" (Parameter", StringComparison.Ordinal);
        ModelState.AddModelError(field(exception.ParamName), suffix > 0 ? message[..suffix] : message);
        return ValidationProblem(ModelState);
    }
}
