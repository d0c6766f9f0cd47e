using CallingBot.Cluster.Calls;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace CallingBot.Cluster.Hosting;

/// <summary>Membership, the grain directory and call grains' state in the shared Redis.</summary>
internal static class RedisClustering
{
    public static void Configure(ISiloBuilder silo, string connectionString)
    {
        silo.UseRedisClustering(redis => redis.ConfigurationOptions = Parse(connectionString));
        silo.UseRedisGrainDirectoryAsDefault(redis => redis.ConfigurationOptions = Parse(connectionString));
        silo.AddRedisGrainStorage(ClusterStorage.Name, redis =>
        {
            redis.ConfigurationOptions = Parse(connectionString);
            redis.DeleteStateOnClear = true;
        });
    }

    private static ConfigurationOptions Parse(string connectionString)
    {
        var configuration = ConfigurationOptions.Parse(connectionString);
        configuration.ClientName ??= "callingbot";
        return configuration;
    }
}
