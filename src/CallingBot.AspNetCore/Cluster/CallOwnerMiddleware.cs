using CallingBot.Cluster;
using CallingBot.Cluster.Calls;
using CallingBot.Core.Manager;
using CallingBot.AspNetCore.Api;
using Microsoft.AspNetCore.Http.Features;
using CallingBot.AspNetCore.Diagnostics;

namespace CallingBot.AspNetCore.Cluster;

/// <summary>
/// Hands an authorized API request about one call (<c>/api/v1/calls/{callId}…</c>) that this instance does not hold
/// to the instance that does, and answers with that instance's response. A call no instance holds is answered here
/// (404, as before).
/// </summary>
internal sealed partial class CallOwnerMiddleware(RequestDelegate next, ICallManager manager, CallOwners owners, ILogger<CallOwnerMiddleware> logger)
{
    private static readonly PathString CallsPath = "/" + ApiRoutes.Calls;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Items.ContainsKey(PipelineRequestExecutor.HandedOverKey)
            || !context.Request.Path.StartsWithSegments(CallsPath, out var rest)
            || !rest.HasValue
            || context.Request.RouteValues["callId"] is not string callId
            || manager.GetCall(callId) is not null)
        {
            await next(context);
            return;
        }

        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        ForwardedResponse? response;
        try
        {
            response = await owners.SendAsync(callId, ToForwarded(context, body)).WaitAsync(context.RequestAborted);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            Log.OwnerUnreachable(logger, callId, exception.GetType().Name);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable", detail: $"The instance holding call '{callId}' could not be reached; retry.").ExecuteAsync(context);
            return;
        }

        if (response is null)
        {
            context.Request.Body = new MemoryStream(body, writable: false);
            await next(context);
            return;
        }

        Log.HandedOver(logger, context.Request.Method, callId, response.Owner);
        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers.Append(name, value);
        }

        context.Response.ContentLength = response.Body.Length;
        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>The request as the owner's pipeline runs it: method, address, headers and body as received here.</summary>
    internal static ForwardedRequest ToForwarded(HttpContext context, byte[] body)
    {
        var request = context.Request;
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new(name, value ?? string.Empty));
            }
        }

        var remote = context.Features.Get<IHttpConnectionFeature>()?.RemoteIpAddress?.ToString();
        return new ForwardedRequest(request.Method, request.Scheme, request.Host.Value ?? string.Empty, request.PathBase, request.Path, request.QueryString.Value ?? string.Empty, headers, body, remote);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AspNetCoreEventIds.ApiHandedToOwner, EventName = nameof(AspNetCoreEventIds.ApiHandedToOwner), Level = LogLevel.Debug, Message = "API {Method} on call {CallId} handed to instance {Owner}")]
        public static partial void HandedOver(ILogger logger, string method, string callId, string owner);

        [LoggerMessage(EventId = AspNetCoreEventIds.ApiOwnerUnreachable, EventName = nameof(AspNetCoreEventIds.ApiOwnerUnreachable), Level = LogLevel.Warning, Message = "The instance holding call {CallId} could not be reached for an API request ({ExceptionType})")]
        public static partial void OwnerUnreachable(ILogger logger, string callId, string exceptionType);
    }
}
