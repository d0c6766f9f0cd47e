using System.Text;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Diagnostics;
using CallingBot.Emulator.Faults;
using CallingBot.Emulator.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Http;

/// <summary>
/// Runs a Graph operation: authenticates the bearer token, reads the bounded body, applies injected faults (the
/// call's chaos, or the default chaos for new calls), maps failures to Graph error bodies, writes the response, records
/// the call timeline and runs post-response work.
/// </summary>
internal sealed partial class GraphPipeline(TokenService tokens, CallRegistry calls, EmulatorOptions options, TimeProvider time, ILogger<GraphPipeline> logger)
{
    /// <param name="context">The HTTP request.</param>
    /// <param name="name">The operation's name in fault rules (<see cref="GraphOperations"/>).</param>
    /// <param name="operation">The operation.</param>
    public async Task RunAsync(HttpContext context, string name, Func<GraphRequestContext, EngineResult> operation)
    {
        var requestId = Guid.NewGuid().ToString();
        var response = context.Response;
        response.Headers["request-id"] = requestId;
        response.Headers["client-request-id"] = context.Request.Headers["client-request-id"].FirstOrDefault() ?? requestId;
        var callId = context.Request.RouteValues["id"] as string;
        var path = context.Request.Path.Value ?? "";
        var method = context.Request.Method;
        string? requestBody = null;
        AccessTokenPrincipal? principal = null;
        try
        {
            principal = await AuthenticateAsync(context);
            var hasBody = HttpMethods.IsPost(method) || HttpMethods.IsPatch(method) || HttpMethods.IsPut(method);
            if (hasBody)
            {
                JsonContentType.RequireWhenPresent(context.Request);
            }

            requestBody = hasBody
                ? await JsonBody.ReadTextAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted)
                : "";
            if (await InjectFaultAsync(context, name, callId, method, path) is { } fault)
            {
                if (fault.Drop)
                {
                    return;
                }

                if (fault.Status is { } status)
                {
                    throw new GraphRequestException(status, $"Fault injected by the emulator into {name}.", GraphError.CodeFor(status));
                }
            }

            var body = JsonBody.ParseObject(requestBody, allowEmpty: true);
            var version = path.StartsWith("/beta", StringComparison.OrdinalIgnoreCase) ? "beta" : "v1.0";
            var serviceRoot = $"{context.Request.Scheme}://{context.Request.Host}/{version}/";
            var graphContext = new GraphRequestContext(principal, body, requestId, serviceRoot, callId, context.Request.RouteValues["participantId"] as string, context.Request.RouteValues["operationId"] as string, context.Request.RouteValues["itemId"] as string);
            var result = operation(graphContext);
            var responseText = await WriteAsync(context, result);
            Record(result.CallId ?? callId, principal, method, path, result.Status, requestBody, responseText);
            if (result.AfterResponse is { } after)
            {
                response.OnCompleted(() =>
                {
                    try
                    {
                        after();
                    }
                    catch (Exception ex)
                    {
                        Log.AfterResponseFailed(logger, ex, path);
                    }

                    return Task.CompletedTask;
                });
            }
        }
        catch (GraphRequestException ex)
        {
            if (ex.StatusCode == StatusCodes.Status401Unauthorized)
            {
                response.Headers.WWWAuthenticate = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", error=\"invalid_token\"";
            }

            Log.RequestFailed(logger, method, path, ex.StatusCode, ex.Message);
            var text = await WriteErrorAsync(context, ex.StatusCode, ex.Code, ex.Message, requestId);
            Record(callId, principal, method, path, ex.StatusCode, requestBody, text);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.Unexpected(logger, ex, method, path);
            if (!response.HasStarted)
            {
                await WriteErrorAsync(context, 500, "InternalServerError", "An internal error occurred in the emulator. See its log for details.", requestId);
            }
        }
    }

    /// <summary>
    /// Applies the first fault rule that hits this request: waits its delay, then aborts the connection for a drop or
    /// sets Retry-After for a status (the caller throws it). Returns null when no rule hits.
    /// </summary>
    private async Task<FaultDecision?> InjectFaultAsync(HttpContext context, string name, string? callId, string method, string path)
    {
        var call = callId is null ? null : calls.Find(callId);
        var chaos = call?.Chaos ?? calls.DefaultChaos;
        if (chaos.Faults.Injector.ForRequest(name) is not { } fault)
        {
            return null;
        }

        if (fault.Delay > TimeSpan.Zero)
        {
            await Task.Delay(fault.Delay, time, context.RequestAborted);
        }

        if (fault.Drop)
        {
            Log.FaultDropped(logger, method, path, fault.Rule);
            call?.RecordFault($"Fault rule {fault.Rule}: {method} {path} dropped without a response.");
            context.Abort();
            return fault;
        }

        if (fault.Status is { } status)
        {
            Log.FaultInjected(logger, method, path, status, fault.Rule);
            call?.RecordFault($"Fault rule {fault.Rule}: {method} {path} answered {status}.");
            if (fault.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return fault;
    }

    private async Task<AccessTokenPrincipal> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new GraphRequestException(401, "Access token is empty.", "InvalidAuthenticationToken");
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw new GraphRequestException(401, "Access token validation failure. The Authorization header must use the Bearer scheme.", "InvalidAuthenticationToken");
        }

        var (principal, error) = await tokens.ValidateAccessTokenAsync(header["Bearer ".Length..].Trim());
        return principal ?? throw new GraphRequestException(401, error ?? "Access token validation failure.", "InvalidAuthenticationToken");
    }

    private static async Task<string?> WriteAsync(HttpContext context, EngineResult result)
    {
        var response = context.Response;
        response.StatusCode = result.Status;
        if (result.Location is not null)
        {
            response.Headers.Location = result.Location;
        }

        if (result.Body is null)
        {
            if (result.Status != StatusCodes.Status204NoContent)
            {
                response.ContentLength = 0;
            }

            return null;
        }

        var text = result.Body.ToJsonString();
        var bytes = Encoding.UTF8.GetBytes(text);
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.RequestAborted);
        return text;
    }

    private async Task<string> WriteErrorAsync(HttpContext context, int status, string code, string message, string requestId)
    {
        var body = GraphError.Body(code, message, requestId, time.GetUtcNow());
        var text = body.ToJsonString();
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        return text;
    }

    private void Record(string? callId, AccessTokenPrincipal? principal, string method, string path, int status, string? requestBody, string? responseBody)
    {
        if (callId is null || principal is null || calls.Find(callId) is not { } call
            || !string.Equals(call.AppId, principal.AppId, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        call.RecordRequest(method, path, status, requestBody, responseBody);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EmulatorEventIds.GraphRequestFailed, EventName = nameof(EmulatorEventIds.GraphRequestFailed), Level = LogLevel.Information, Message = "{Method} {Path} failed with {Status}: {Reason}")]
        public static partial void RequestFailed(ILogger logger, string method, string path, int status, string reason);

        [LoggerMessage(EventId = EmulatorEventIds.FaultInjected, EventName = nameof(EmulatorEventIds.FaultInjected), Level = LogLevel.Information, Message = "Fault rule {Rule} answered {Method} {Path} with {Status}")]
        public static partial void FaultInjected(ILogger logger, string method, string path, int status, int rule);

        [LoggerMessage(EventId = EmulatorEventIds.FaultDropped, EventName = nameof(EmulatorEventIds.FaultDropped), Level = LogLevel.Information, Message = "Fault rule {Rule} dropped {Method} {Path} without a response")]
        public static partial void FaultDropped(ILogger logger, string method, string path, int rule);

        [LoggerMessage(EventId = EmulatorEventIds.GraphRequestUnexpected, EventName = nameof(EmulatorEventIds.GraphRequestUnexpected), Level = LogLevel.Error, Message = "{Method} {Path} failed unexpectedly")]
        public static partial void Unexpected(ILogger logger, Exception exception, string method, string path);

        [LoggerMessage(EventId = EmulatorEventIds.AfterResponseFailed, EventName = nameof(EmulatorEventIds.AfterResponseFailed), Level = LogLevel.Error, Message = "Post-response work of {Path} failed")]
        public static partial void AfterResponseFailed(ILogger logger, Exception exception, string path);
    }
}
