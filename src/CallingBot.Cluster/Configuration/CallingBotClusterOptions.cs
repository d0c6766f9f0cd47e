namespace CallingBot.Cluster.Configuration;

/// <summary>Settings of the instance's silo (configuration section <c>CallingBot:Cluster</c>).</summary>
public sealed class CallingBotClusterOptions
{
    public const string SectionName = "CallingBot:Cluster";

    /// <summary><see cref="ClusterMode.Embedded"/> (default) or <see cref="ClusterMode.Redis"/>.</summary>
    public ClusterMode Mode { get; set; } = ClusterMode.Embedded;

    /// <summary>
    /// StackExchange.Redis connection string of the shared Redis (for example <c>redis.internal:6379,password=…</c>);
    /// required in <see cref="ClusterMode.Redis"/> mode, ignored otherwise.
    /// </summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>Name of this deployment's cluster: instances with the same id (and service id) form one cluster. Default <c>callingbot</c>.</summary>
    public string ClusterId { get; set; } = "callingbot";

    /// <summary>Name of the service; stays the same across deployments, keys the grain state. Default <c>callingbot</c>.</summary>
    public string ServiceId { get; set; } = "callingbot";

    /// <summary>
    /// TCP port for silo-to-silo traffic. Unset: a free loopback port chosen at start in <see cref="ClusterMode.Embedded"/>
    /// mode, 11111 in <see cref="ClusterMode.Redis"/> mode.
    /// </summary>
    public int? SiloPort { get; set; }

    /// <summary>
    /// TCP port of the Orleans client gateway. 0 (default): no gateway; the host talks to its own silo in process and
    /// needs none.
    /// </summary>
    public int GatewayPort { get; set; }

    /// <summary>
    /// IP address other silos reach this one at. Unset: 127.0.0.1 in <see cref="ClusterMode.Embedded"/> mode, the
    /// machine's first non-loopback address in <see cref="ClusterMode.Redis"/> mode.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>How long a request handed to the owning instance may take before it fails. Default 30 s.</summary>
    public TimeSpan OwnerCallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Entries of the instance's cache of where grains live (the call grains of other instances), in
    /// <see cref="ClusterMode.Redis"/> mode; the least recently used go first. 100 to 1,000,000; default 10,000. In
    /// <see cref="ClusterMode.Embedded"/> mode there is no cache: the one instance holds the whole directory.
    /// </summary>
    public int DirectoryCacheSize { get; set; } = 10_000;

    /// <summary>The silo port in effect: <see cref="SiloPort"/>, or the mode's default (0 meaning a free port is chosen).</summary>
    public int EffectiveSiloPort => SiloPort ?? (Mode == ClusterMode.Redis ? 11111 : 0);
}
