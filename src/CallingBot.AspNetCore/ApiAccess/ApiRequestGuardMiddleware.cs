using CallingBot.AspNetCore.Diagnostics;
using CallingBot.AspNetCore.RequestLimits;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.ApiAccess;

/// <summary>
/// Guards the protected paths (<c>/api/v1</c> and configured prefixes): requires <see cref="ApiAuthorization.PolicyName"/>
/// for endpoints without authorization metadata of their own (and for paths no endpoint matches), then bounds the body
/// and checks JSON bodies for depth and array length before any controller sees them.
/// </summary>
internal sealed partial class ApiRequestGuardMiddleware(
    RequestDelegate next,
    IOptions<ApiSecurityOptions> options,
    IAuthorizationPolicyProvider policies,
    IPolicyEvaluator evaluator,
    IAuthorizationMiddlewareResultHandler resultHandler,
    ILogger<ApiRequestGuardMiddleware> logger)
{
    private readonly ApiSecurityOptions _options = options.Value;

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsProtected(context.Request.Path))
        {
            await next(context);
            return;
        }

        var endpoint = context.GetEndpoint();
        var hasOwnMetadata = endpoint?.Metadata.GetMetadata<IAllowAnonymous>() is not null
            || endpoint?.Metadata.GetMetadata<IAuthorizeData>() is not null;
        if (!hasOwnMetadata)
        {
            var policy = await policies.GetPolicyAsync(ApiAuthorization.PolicyName)
                ?? throw new InvalidOperationException($"The authorization policy {ApiAuthorization.PolicyName} is not registered.");
            var authentication = await evaluator.AuthenticateAsync(policy, context);
            var authorization = await evaluator.AuthorizeAsync(policy, authentication, context, context);
            if (!authorization.Succeeded)
            {
                Log.Denied(logger, context.Request.Method, context.Request.Path.Value ?? "/", authorization.Challenged ? 401 : 403);
                await resultHandler.HandleAsync(_ => Task.CompletedTask, context, policy, authorization);
                return;
            }
        }

        if (!await CheckBodyAsync(context))
        {
            return;
        }

        await next(context);
    }

    private bool IsProtected(PathString path)
    {
        foreach (var prefix in _options.EffectivePathPrefixes)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<bool> CheckBodyAsync(HttpContext context)
    {
        var request = context.Request;
        var limit = _options.MaxBodyBytes;
        if (request.ContentLength is { } declared && declared > limit)
        {
            await ProblemDetailsAuthorizationResultHandler.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Request bodies are limited to {limit} bytes.");
            return false;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        if (!IsJson(request.ContentType) || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0) || request.ContentLength == 0)
        {
            return true;
        }

        var body = await BoundedBody.ReadAsync(request.Body, limit, context.RequestAborted);
        if (body is null)
        {
            await ProblemDetailsAuthorizationResultHandler.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Request bodies are limited to {limit} bytes.");
            return false;
        }

        var error = JsonLimits.Check(body, _options.MaxJsonDepth, _options.MaxJsonArrayLength);
        if (error is not null)
        {
            Log.BodyRejected(logger, request.Path.Value ?? "/", error);
            await ProblemDetailsAuthorizationResultHandler.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid request body", error);
            return false;
        }

        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        return true;
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var type = media.MediaType.Value ?? string.Empty;
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.Equals("text/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AspNetCoreEventIds.ApiRequestDenied, EventName = nameof(AspNetCoreEventIds.ApiRequestDenied), Level = LogLevel.Warning, Message = "API request {Method} {Path} denied with {StatusCode}")]
        public static partial void Denied(ILogger logger, string method, string path, int statusCode);

        [LoggerMessage(EventId = AspNetCoreEventIds.ApiBodyRejected, EventName = nameof(AspNetCoreEventIds.ApiBodyRejected), Level = LogLevel.Warning, Message = "API request body on {Path} rejected: {Reason}")]
        public static partial void BodyRejected(ILogger logger, string path, string reason);
    }
}
