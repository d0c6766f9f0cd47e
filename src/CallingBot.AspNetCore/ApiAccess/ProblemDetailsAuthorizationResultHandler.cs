using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace CallingBot.AspNetCore.ApiAccess;

/// <summary>Answers authorization failures as ProblemDetails: 401 with the scheme's challenge headers, or 403.</summary>
internal sealed class ProblemDetailsAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Succeeded)
        {
            await next(context);
            return;
        }

        var schemes = policy.AuthenticationSchemes;
        if (authorizeResult.Challenged)
        {
            foreach (var scheme in schemes)
            {
                await context.ChallengeAsync(scheme);
            }

            await WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "Credentials are missing or invalid.");
            return;
        }

        foreach (var scheme in schemes)
        {
            await context.ForbidAsync(scheme);
        }

        await WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", "The caller is not allowed to use this API.");
    }

    internal static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        await TypedResults.Problem(detail: detail, statusCode: status, title: title).ExecuteAsync(context);
    }
}
