using System.Diagnostics;
using CallingBot.Core.Diagnostics;
using CallingBot.Core.Manager;
using CallingBot.Dashboard.Configuration;
using CallingBot.Dashboard.Diagnostics;
using CallingBot.Dashboard.Live;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallingBot.Dashboard.Timeline;

/// <summary>
/// Listens to the bot's own spans (the <c>CallingBot</c> activity source) while the dashboard is enabled, keeps what
/// they say about each call in the <see cref="CallTimelineStore"/> and pushes every change to the connected pages.
/// Calls the manager no longer holds whose last span said nothing of their end are marked ended after a minute idle.
/// </summary>
internal sealed partial class CallTimelineListener(
    CallTimelineStore store,
    LiveBroadcaster broadcaster,
    ICallManager callManager,
    IOptions<DashboardOptions> options,
    TimeProvider timeProvider,
    ILogger<CallTimelineListener> logger) : IHostedService, IDisposable
{
    /// <summary>How long a call the manager no longer holds stays live on the dashboard without a span saying it ended.</summary>
    internal static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

    internal static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(2);

    private ActivityListener? _listener;
    private ITimer? _sweep;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return Task.CompletedTask;
        }

        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CallingBotActivity.SourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Observe,
        };
        ActivitySource.AddActivityListener(_listener);
        using (ExecutionContext.SuppressFlow())
        {
            _sweep = timeProvider.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _listener = null;
        _sweep?.Dispose();
        _sweep = null;
    }

    /// <summary>Takes one stopped span; public for tests that feed spans without a listener.</summary>
    internal void Observe(Activity span)
    {
        foreach (var (callId, observation) in TimelineSpanReader.Read(span))
        {
            var change = store.Add(callId, observation, Describe);
            foreach (var evicted in change.Evicted)
            {
                Log.Evicted(logger, evicted, options.Value.MaxCalls);
                broadcaster.Publish("removed", new { callId = evicted });
            }

            broadcaster.Publish("call", new { call = change.Call, entry = change.Entry });
        }
    }

    internal void Sweep()
    {
        foreach (var ended in store.EndAbandoned(AbandonedAfter, id => callManager.FindCall(id) is not null))
        {
            broadcaster.Publish("call", new { call = ended });
        }
    }

    private CallDescription? Describe(string callId) =>
        callManager.GetCall(callId) is { } call
            ? new CallDescription(call.Direction.ToString().ToLowerInvariant(), call.HandlerName, call.Media.ToString(), call.State.ToString())
            : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = DashboardEventIds.DashboardTimelineEvicted, EventName = nameof(DashboardEventIds.DashboardTimelineEvicted), Level = LogLevel.Debug, Message = "Dashboard: the timeline of call {CallId} was dropped to keep at most {MaxCalls} calls")]
        public static partial void Evicted(ILogger logger, string callId, int maxCalls);
    }
}
