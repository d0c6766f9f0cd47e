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

    /// <summary>
    /// Failure detection: how long a liveness probe of another instance may take before it counts as missed (Orleans'
    /// <c>ClusterMembershipOptions.ProbeTimeout</c>). 00:00:00.1 to 00:01:00; default 5 s. An instance that misses
    /// <see cref="MissedProbesLimit"/> probes in a row is suspected, and declared dead once enough instances vote so.
    /// </summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Failure detection: missed probes in a row after which an instance is suspected dead. 1 to 10; default 3.</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// How often each instance reads the membership table (Orleans' <c>TableRefreshTimeout</c>); changes are also
    /// gossiped at once, this is the safety net. 00:00:01 to 00:10:00; default 60 s.
    /// </summary>
    public TimeSpan MembershipRefreshInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often the oldest active instance looks for calls of instances that left the cluster and that no
    /// notification brought back (quiet calls), besides every membership change. 00:00:01 to 00:30:00; default 2 min.
    /// Keep it well below Graph's 45-minute keepAlive limit.
    /// </summary>
    public TimeSpan OrphanedCallScanInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Take over the quiet calls of instances that left (see <see cref="OrphanedCallScanInterval"/>). Default true;
    /// false: a lost instance's call is taken over only when a notification or API request names it.
    /// </summary>
    public bool TakeOverQuietCalls { get; set; } = true;

    /// <summary>
    /// On shutdown, with other active instances in the cluster, hand established service-hosted calls over to them
    /// instead of waiting for them to end and hanging them up. Default true.
    /// </summary>
    public bool HandOverOnDrain { get; set; } = true;

    /// <summary>The silo port in effect: <see cref="SiloPort"/>, or the mode's default (0 meaning a free port is chosen).</summary>
    public int EffectiveSiloPort => SiloPort ?? (Mode == ClusterMode.Redis ? 11111 : 0);
}
