using System.Diagnostics;
using CallingBot.AspNetCore.Diagnostics;

namespace CallingBot.AspNetCore.Logging;

/// <summary>One log line per request: method, path (no query string), status and duration.</summary>
internal sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var path = context.Request.Path.Value ?? "/";
            if (path.StartsWith("/health", StringComparison.Ordinal))
            {
                Log.HealthRequest(logger, context.Request.Method, path, context.Response.StatusCode, elapsed);
            }
            else
            {
                Log.Request(logger, context.Request.Method, path, context.Response.StatusCode, elapsed);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AspNetCoreEventIds.Request, EventName = nameof(AspNetCoreEventIds.Request), Level = LogLevel.Information, Message = "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms")]
        public static partial void Request(ILogger logger, string method, string path, int statusCode, double elapsedMs);

        [LoggerMessage(EventId = AspNetCoreEventIds.HealthRequest, EventName = nameof(AspNetCoreEventIds.HealthRequest), Level = LogLevel.Debug, Message = "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms")]
        public static partial void HealthRequest(ILogger logger, string method, string path, int statusCode, double elapsedMs);
    }
}
