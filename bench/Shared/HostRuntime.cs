namespace CallingBot.Bench.Shared;

/// <summary>
/// The runtime settings of the deployed host, for a benchmark process that plays the bot: the server GC
/// (CallingBot.Host is a Web SDK project, which turns it on) and no Dynamic PGO (CallingBot.Host.csproj). The
/// benchmarks' own runtime configurations keep the workstation GC for their other roles.
/// </summary>
internal static class HostRuntime
{
    /// <summary>Adds the host's runtime settings to a child process's environment.</summary>
    public static Dictionary<string, string?> With(Dictionary<string, string?> environment)
    {
        environment["DOTNET_gcServer"] = "1";
        environment["DOTNET_TieredPGO"] = "0";
        return environment;
    }
}
