using CallingBot.Cluster.Configuration;
using CallingBot.History.Configuration;
using CallingBot.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace CallingBot.Host.Tests.Hosting;

/// <summary>A clustered service whose instances each keep their own call history is warned about once, at start.</summary>
public sealed class HistoryTopologyCheckTests
{
    [Theory]
    [InlineData(ClusterMode.Redis, CallHistoryStoreKind.Sqlite, 1)]
    [InlineData(ClusterMode.Redis, CallHistoryStoreKind.Memory, 1)]
    [InlineData(ClusterMode.Redis, CallHistoryStoreKind.PostgreSql, 0)]
    [InlineData(ClusterMode.Embedded, CallHistoryStoreKind.Sqlite, 0)]
    public async Task StartAsync_ClusterModeAndStore_WarnsOnlyWhenInstancesKeepTheirOwnHistory(ClusterMode mode, CallHistoryStoreKind store, int warnings)
    {
        var logger = new FakeLogger<HistoryTopologyCheck>();
        var check = new HistoryTopologyCheck(Options.Create(new CallingBotClusterOptions { Mode = mode }), Options.Create(new CallHistoryOptions { Store = store }), logger);

        await check.StartAsync(CancellationToken.None);

        var logged = logger.Collector.GetSnapshot();
        Assert.Equal(warnings, logged.Count(r => r.Id.Id == 3460 && r.Level == LogLevel.Warning));
        Assert.Equal(warnings, logged.Count);
    }
}
