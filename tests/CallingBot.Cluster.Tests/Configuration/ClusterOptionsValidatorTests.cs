using CallingBot.Cluster.Configuration;

namespace CallingBot.Cluster.Tests.Configuration;

public sealed class ClusterOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new CallingBotClusterOptionsValidator().Validate(null, new CallingBotClusterOptions());

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_RedisModeWithoutConnectionString_NamesTheSetting()
    {
        var result = new CallingBotClusterOptionsValidator().Validate(null, new CallingBotClusterOptions { Mode = ClusterMode.Redis });

        var failure = Assert.Single(result.Failures!);
        Assert.Equal("CallingBot:Cluster:RedisConnectionString is required when CallingBot:Cluster:Mode is Redis.", failure);
    }

    [Theory]
    [InlineData("CallingBot:Cluster:SiloPort", "SiloPort")]
    [InlineData("CallingBot:Cluster:GatewayPort", "GatewayPort")]
    [InlineData("CallingBot:Cluster:AdvertisedAddress", "AdvertisedAddress")]
    [InlineData("CallingBot:Cluster:ClusterId", "ClusterId")]
    [InlineData("CallingBot:Cluster:ServiceId", "ServiceId")]
    [InlineData("CallingBot:Cluster:OwnerCallTimeout", "OwnerCallTimeout")]
    [InlineData("CallingBot:Cluster:RedisConnectionString", "RedisConnectionString")]
    [InlineData("CallingBot:Cluster:DirectoryCacheSize", "DirectoryCacheSize")]
    [InlineData("CallingBot:Cluster:ProbeTimeout", "ProbeTimeout")]
    [InlineData("CallingBot:Cluster:MissedProbesLimit", "MissedProbesLimit")]
    [InlineData("CallingBot:Cluster:MembershipRefreshInterval", "MembershipRefreshInterval")]
    [InlineData("CallingBot:Cluster:OrphanedCallScanInterval", "OrphanedCallScanInterval")]
    public void Validate_OneBadSetting_FailsNamingIt(string setting, string property)
    {
        var options = new CallingBotClusterOptions { Mode = ClusterMode.Redis, RedisConnectionString = "127.0.0.1:6379" };
        switch (property)
        {
            case "SiloPort": options.SiloPort = 70000; break;
            case "GatewayPort": options.GatewayPort = -1; break;
            case "AdvertisedAddress": options.AdvertisedAddress = "0.0.0.0"; break;
            case "ClusterId": options.ClusterId = "has space"; break;
            case "ServiceId": options.ServiceId = string.Empty; break;
            case "OwnerCallTimeout": options.OwnerCallTimeout = TimeSpan.Zero; break;
            case "RedisConnectionString": options.RedisConnectionString = "redis:notaport"; break;
            case "DirectoryCacheSize": options.DirectoryCacheSize = 10; break;
            case "ProbeTimeout": options.ProbeTimeout = TimeSpan.FromMinutes(2); break;
            case "MissedProbesLimit": options.MissedProbesLimit = 0; break;
            case "MembershipRefreshInterval": options.MembershipRefreshInterval = TimeSpan.FromMilliseconds(500); break;
            case "OrphanedCallScanInterval": options.OrphanedCallScanInterval = TimeSpan.FromHours(1); break;
        }

        var result = new CallingBotClusterOptionsValidator().Validate(null, options);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(setting + " ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void EffectiveSiloPort_Unset_IsChosenWhenEmbeddedAnd11111WithRedis()
    {
        Assert.Equal(0, new CallingBotClusterOptions().EffectiveSiloPort);
        Assert.Equal(11111, new CallingBotClusterOptions { Mode = ClusterMode.Redis }.EffectiveSiloPort);
        Assert.Equal(12000, new CallingBotClusterOptions { Mode = ClusterMode.Redis, SiloPort = 12000 }.EffectiveSiloPort);
    }
}
