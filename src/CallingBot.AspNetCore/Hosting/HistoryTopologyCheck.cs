using CallingBot.Cluster.Configuration;
using CallingBot.History.Configuration;
using CallingBot.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Hosting;

/// <summary>
/// Warns once at start when several instances form one service but each keeps its own call history (a SQLite file or
/// memory): <c>GET /api/v1/history</c> then lists only the calls the answering instance owned.
/// </summary>
internal sealed partial class HistoryTopologyCheck(
    IOptions<CallingBotClusterOptions> cluster,
    IOptions<CallHistoryOptions> history,
    ILogger<HistoryTopologyCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (cluster.Value.Mode == ClusterMode.Redis && history.Value.Store != CallHistoryStoreKind.PostgreSql)
        {
            Log.HistoryNotShared(logger, history.Value.Store);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = AspNetCoreEventIds.HistoryNotShared, EventName = nameof(AspNetCoreEventIds.HistoryNotShared), Level = LogLevel.Warning, Message = "Clustered mode with a per-instance call history ({Store}): each instance keeps and lists only the calls it owned. Set CallingBot:History:Store to PostgreSql to share one history")]
        public static partial void HistoryNotShared(ILogger logger, CallHistoryStoreKind store);
    }
}
