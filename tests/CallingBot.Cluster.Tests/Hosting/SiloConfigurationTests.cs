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
}
