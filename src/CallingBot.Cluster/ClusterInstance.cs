using Orleans.Runtime;

namespace CallingBot.Cluster;

/// <summary>This instance as the cluster knows it.</summary>
public sealed class ClusterInstance
{
    private readonly ILocalSiloDetails _silo;

    internal ClusterInstance(ILocalSiloDetails silo) => _silo = silo;

    /// <summary>The instance's name in views and logs: the endpoint other silos reach it at (for example <c>10.0.0.4:11111</c>).</summary>
    public string Name => _silo.SiloAddress.Endpoint.ToString();

    /// <summary>The silo address in Orleans' parsable form (endpoint and generation).</summary>
    internal string SiloKey => _silo.SiloAddress.ToParsableString();

    internal SiloAddress Address => _silo.SiloAddress;

    /// <summary>
    /// This instance is stopping and hands its calls to the others: it takes no call over (an activation of a call
    /// grain placed here asks the sender to retry, and moves).
    /// </summary>
    public bool IsHandingOver { get; internal set; }

    /// <summary>Name shown for the silo whose parsable address is <paramref name="siloKey"/>.</summary>
    internal static string NameOf(string siloKey) => SiloAddress.FromParsableString(siloKey).Endpoint.ToString();
}
