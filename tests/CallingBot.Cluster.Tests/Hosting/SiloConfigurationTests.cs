using CallingBot.Cluster.Configuration;
using CallingBot.Cluster.Hosting;
using Orleans.Configuration;

namespace CallingBot.Cluster.Tests.Hosting;

public sealed class SiloConfigurationTests
{
    [Fact]
    public void ConfigureDirectoryCache_Embedded_TurnsTheCacheOff()
    {
        var directory = new GrainDirectoryOptions();

        SiloConfiguration.ConfigureDirectoryCache(directory, new CallingBotClusterOptions());

        Assert.Equal(GrainDirectoryOptions.CachingStrategyType.None, directory.CachingStrategy);
        Assert.True(directory.CacheSize < 100, $"the unused locator cache is small ({directory.CacheSize})");
    }

    [Fact]
    public void ConfigureDirectoryCache_Redis_BoundsTheCacheBySetting()
    {
        var directory = new GrainDirectoryOptions();
        var defaults = directory.CacheSize;

        SiloConfiguration.ConfigureDirectoryCache(directory, new CallingBotClusterOptions { Mode = ClusterMode.Redis, DirectoryCacheSize = 2_500 });

        Assert.Equal(1_000_000, defaults);
        Assert.Equal(GrainDirectoryOptions.CachingStrategyType.LRU, directory.CachingStrategy);
        Assert.Equal(2_500, directory.CacheSize);
    }

    [Fact]
    public void ConfigureFailureDetection_Redis_AppliesTheSettingsOverOrleansDefaults()
    {
        var membership = new ClusterMembershipOptions();
        var defaults = new CallingBotClusterOptions();

        SiloConfiguration.ConfigureFailureDetection(membership, new CallingBotClusterOptions
        {
            Mode = ClusterMode.Redis,
            ProbeTimeout = TimeSpan.FromMilliseconds(500),
            MissedProbesLimit = 2,
            MembershipRefreshInterval = TimeSpan.FromSeconds(2),
        });

        Assert.Equal(new ClusterMembershipOptions().ProbeTimeout, defaults.ProbeTimeout);
        Assert.Equal(new ClusterMembershipOptions().NumMissedProbesLimit, defaults.MissedProbesLimit);
        Assert.Equal(new ClusterMembershipOptions().TableRefreshTimeout, defaults.MembershipRefreshInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), membership.ProbeTimeout);
        Assert.Equal(2, membership.NumMissedProbesLimit);
        Assert.Equal(TimeSpan.FromSeconds(2), membership.TableRefreshTimeout);
    }

    [Fact]
    public void ConfigureFailureDetection_Embedded_KeepsOrleansDefaults()
    {
        var membership = new ClusterMembershipOptions();

        SiloConfiguration.ConfigureFailureDetection(membership, new CallingBotClusterOptions { ProbeTimeout = TimeSpan.FromSeconds(1), MissedProbesLimit = 1 });

        Assert.Equal(new ClusterMembershipOptions().ProbeTimeout, membership.ProbeTimeout);
        Assert.Equal(new ClusterMembershipOptions().NumMissedProbesLimit, membership.NumMissedProbesLimit);
    }
}
