using System.Text.Json;
using CallingBot.Dashboard.Configuration;
using CallingBot.Dashboard.Diagnostics;
using CallingBot.Dashboard.Timeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallingBot.Dashboard.Live;

/// <summary>
/// The live stream of one page (<c>GET /dashboard/events</c>, <c>text/event-stream</c>): a <c>snapshot</c> of the calls
/// first, then a <c>call</c> event per change and <c>removed</c> when a call leaves the store; a <c>resync</c> snapshot
/// when the page's queue overflowed; a comment line as heartbeat when idle. Ends with a <c>shutdown</c> event when the
/// host stops, so the drain is not held up by open pages.
/// </summary>
internal static partial class DashboardEventStream
{
    public static async Task StreamAsync(
        HttpContext context,
        LiveBroadcaster broadcaster,
        CallTimelineStore store,
        IHostApplicationLifetime lifetime,
        IOptions<DashboardOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(DashboardEventStream).FullName!);
        using var subscription = broadcaster.TrySubscribe();
        if (subscription is null)
        {
            Log.Refused(logger, options.Value.MaxConnections);
            context.Response.Headers.RetryAfter = "5";
            await Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Too many dashboard connections",
                detail: $"At most {options.Value.MaxConnections} pages may follow the live calls at once ({DashboardOptions.SectionName}:MaxConnections).").ExecuteAsync(context);
            return;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var heartbeat = options.Value.HeartbeatInterval;
        try
        {
            await WriteAsync(response, "retry: 3000\n\n", stop.Token);
            await WriteAsync(response, Snapshot("snapshot", store), stop.Token);
            while (!stop.IsCancellationRequested)
            {
                if (subscription.TakeResync())
                {
                    // What is still queued is older than the snapshot taken next, which holds it all.
                    while (subscription.Reader.TryRead(out _))
                    {
                    }

                    Log.Resync(logger, subscription.Dropped);
                    await WriteAsync(response, Snapshot("resync", store), stop.Token);
                }

                if (!await WaitAsync(subscription, heartbeat, timeProvider, stop.Token))
                {
                    await WriteAsync(response, SseFormat.Comment("heartbeat"), stop.Token);
                    continue;
                }

                while (!subscription.IsResyncPending() && subscription.Reader.TryRead(out var message))
                {
                    await response.WriteAsync(SseFormat.Event(message.Event, message.Data), stop.Token);
                }

                await response.Body.FlushAsync(stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            try
            {
                await WriteAsync(response, SseFormat.Event("shutdown", "{\"reason\":\"stopping\"}"), context.RequestAborted);
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException)
            {
            }
        }
    }

    /// <summary>True when messages are waiting; false when <paramref name="heartbeat"/> passed without any.</summary>
    private static async Task<bool> WaitAsync(LiveSubscription subscription, TimeSpan heartbeat, TimeProvider timeProvider, CancellationToken stop)
    {
        using var idle = new CancellationTokenSource(heartbeat, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, idle.Token);
        try
        {
            return await subscription.Reader.WaitToReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !stop.IsCancellationRequested)
        {
            return false;
        }
    }

    private static string Snapshot(string eventName, CallTimelineStore store) =>
        SseFormat.Event(eventName, JsonSerializer.Serialize(new { calls = store.List() }, DashboardJson.Options));

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = DashboardEventIds.DashboardStreamRefused, EventName = nameof(DashboardEventIds.DashboardStreamRefused), Level = LogLevel.Warning, Message = "Dashboard live stream refused with 503: {MaxConnections} pages already connected")]
        public static partial void Refused(ILogger logger, int maxConnections);

        [LoggerMessage(EventId = DashboardEventIds.DashboardStreamResync, EventName = nameof(DashboardEventIds.DashboardStreamResync), Level = LogLevel.Debug, Message = "Dashboard live stream fell behind ({Dropped} messages dropped so far); the page gets a full snapshot")]
        public static partial void Resync(ILogger logger, long dropped);
    }
}
