using CallingBot.Core.Platform;

namespace CallingBot.AspNetCore.Api.Errors;

/// <summary>
/// The one place that turns a platform error (the calling service refused or failed a request) into the REST API's
/// answer. Every kind is a 502 whose <c>detail</c> relays the service's message: the API's own statuses already speak
/// about the bot (401/403 the caller's credentials, 404 a call the bot does not hold, 409 the call's state, 503 the
/// bot draining or full), so a refusal by the service behind it must not borrow them.
/// </summary>
internal static class PlatformErrorMapping
{
    private static readonly ApiProblem ServiceRefused =
        new(StatusCodes.Status502BadGateway, "The calling service refused the request", ApiProblemTypes.ServiceRefused);

    public static ApiProblem ToProblem(PlatformErrorKind kind) => kind switch
    {
        PlatformErrorKind.Other => ServiceRefused,
        PlatformErrorKind.NotFound => ServiceRefused,
        PlatformErrorKind.Conflict => ServiceRefused,
        PlatformErrorKind.InvalidRequest => ServiceRefused,
        PlatformErrorKind.Unauthorized => ServiceRefused,
        PlatformErrorKind.Forbidden => ServiceRefused,
        PlatformErrorKind.Throttled => ServiceRefused,
        PlatformErrorKind.Unavailable => ServiceRefused,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A platform error kind without an HTTP mapping."),
    };

    /// <summary>A failure that is not a platform error reached the API: answered like a refusal, its message withheld.</summary>
    public static ApiProblem Unclassified => ServiceRefused;
}
