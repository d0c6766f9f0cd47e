using System.Text;
using CallingBot.Emulator.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Http;

/// <summary>
/// Runs before every endpoint. Refuses requests whose Host header is not one of the emulator's names (400; stops DNS
/// rebinding) and state-changing requests sent by a web page of another origin (403; stops cross-site requests to the
/// unauthenticated control API). Tools, tests and the bot send no Origin header and are not affected.
/// </summary>
internal sealed partial class RequestGuard(HostNames hosts, TimeProvider time, ILogger<RequestGuard> logger)
{
    private const int MaxLoggedLength = 100;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!hosts.IsAllowed(request.Host.Host))
        {
            var host = request.Host.Value ?? "";
            Log.HostRefused(logger, Shorten(host), request.Method, request.Path);
            await WriteAsync(
                context,
                StatusCodes.Status400BadRequest,
                "BadRequest",
                $"The Host header '{Shorten(host)}' does not name this emulator. Use localhost, 127.0.0.1 or [::1], or add the name to Emulator:AllowedHosts.");
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
            && request.Headers.Origin.ToString() is { Length: > 0 } origin && !hosts.IsAllowedOrigin(origin))
        {
            Log.OriginRefused(logger, Shorten(origin), request.Method, request.Path);
            await WriteAsync(
                context,
                StatusCodes.Status403Forbidden,
                "Forbidden",
                $"Requests from web pages of origin '{Shorten(origin)}' are refused: the emulator's API is for local tools and tests. Add the page's host name to Emulator:AllowedHosts to allow it.");
            return;
        }

        await next(context);
    }

    private static string Shorten(string value) => value.Length <= MaxLoggedLength ? value : value[..MaxLoggedLength] + "…";

    private async Task WriteAsync(HttpContext context, int status, string code, string message)
    {
        var bytes = Encoding.UTF8.GetBytes(GraphError.Body(code, message, Guid.NewGuid().ToString(), time.GetUtcNow()).ToJsonString());
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EmulatorEventIds.HostRefused, EventName = nameof(EmulatorEventIds.HostRefused), Level = LogLevel.Warning, Message = "Refused {Method} {Path}: the Host header '{Host}' does not name this emulator")]
        public static partial void HostRefused(ILogger logger, string host, string method, string path);

        [LoggerMessage(EventId = EmulatorEventIds.OriginRefused, EventName = nameof(EmulatorEventIds.OriginRefused), Level = LogLevel.Warning, Message = "Refused {Method} {Path} sent by a web page of origin '{Origin}'")]
        public static partial void OriginRefused(ILogger logger, string origin, string method, string path);
    }
}
