using System.Net;
using System.Net.Sockets;
using CallingBot.Cluster.Calls;
using CallingBot.Cluster.Configuration;
using Orleans.Configuration;

namespace CallingBot.Cluster.Hosting;

/// <summary>The silo as <see cref="CallingBotClusterOptions"/> describe it: endpoints, cluster names, and the providers of the mode.</summary>
internal static class SiloConfiguration
{
    private const int UnusedCacheSize = 16;

    public static void Configure(ISiloBuilder silo, CallingBotClusterOptions options)
    {
        var advertised = options.AdvertisedAddress is { } configured && IPAddress.TryParse(configured, out var parsed)
            ? parsed
            : options.Mode == ClusterMode.Redis ? FirstNetworkAddress() : IPAddress.Loopback;
        var siloPort = options.EffectiveSiloPort == 0 ? FreePort(advertised) : options.EffectiveSiloPort;
        silo.Configure<EndpointOptions>(endpoints =>
        {
            endpoints.AdvertisedIPAddress = advertised;
            endpoints.SiloPort = siloPort;
            endpoints.GatewayPort = options.GatewayPort;
        });
        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });
        silo.Configure<ClusterMembershipOptions>(membership => ConfigureFailureDetection(membership, options));
        silo.Configure<MessagingOptions>(messaging => messaging.ResponseTimeout = options.OwnerCallTimeout);
        silo.Configure<GrainDirectoryOptions>(directory => ConfigureDirectoryCache(directory, options));
        switch (options.Mode)
        {
            case ClusterMode.Redis:
                RedisClustering.Configure(silo, options.RedisConnectionString!);
                break;
            default:
                silo.UseDevelopmentClustering(new IPEndPoint(advertised, siloPort));
                silo.AddMemoryGrainStorage(ClusterStorage.Name);
                break;
        }
    }

    /// <summary>
    /// Orleans caches where grains live, up to a million entries by default, and its batched deregistration of
    /// deactivated grains does not clear the instance's own entries: every ended call's grain stayed cached (about
    /// 300 bytes each, plus a 9 MB table allocated up front). The embedded instance holds the whole directory and needs
    /// no cache (the locator of custom directories, unused there, still builds a small one); a clustered one keeps a
    /// bounded one.
    /// </summary>
    internal static void ConfigureDirectoryCache(GrainDirectoryOptions directory, CallingBotClusterOptions options)
    {
        if (options.Mode == ClusterMode.Embedded)
        {
            directory.CachingStrategy = GrainDirectoryOptions.CachingStrategyType.None;
            directory.CacheSize = UnusedCacheSize;
        }
        else
        {
            directory.CacheSize = options.DirectoryCacheSize;
        }
    }

    /// <summary>
    /// Failure detection as configured, in <see cref="ClusterMode.Redis"/> mode; the embedded instance is alone and keeps
    /// Orleans' own settings.
    /// </summary>
    internal static void ConfigureFailureDetection(ClusterMembershipOptions membership, CallingBotClusterOptions options)
    {
        if (options.Mode != ClusterMode.Redis)
        {
            return;
        }

        membership.ProbeTimeout = options.ProbeTimeout;
        membership.NumMissedProbesLimit = options.MissedProbesLimit;
        membership.TableRefreshTimeout = options.MembershipRefreshInterval;
    }

    /// <summary>A TCP port free on <paramref name="address"/> now (the embedded silo's, when none is configured).</summary>
    private static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static IPAddress FirstNetworkAddress() =>
        Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? IPAddress.Loopback;
}
