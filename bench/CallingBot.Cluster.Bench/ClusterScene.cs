using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace CallingBot.Cluster.Bench;

/// <summary>
/// Every part in its own process on loopback: redis-server, the emulator (standing in for Graph), and each bot
/// instance (<c>dotnet CallingBot.Host.dll</c>, configured by environment only, clustered in Redis), with the
/// benchmark's <see cref="CallbackSpreader"/> as the one callback URL.
/// </summary>
internal sealed class ClusterScene : IAsyncDisposable
{
    public const string AppId = "5c1a2b3c-0000-4000-8000-0000000be4c1";
    public const string TenantId = "5c1a2b3c-0000-4000-8000-0000000be4ca";
    public const string ClientSecret = "cluster-bench-client-secret-0123456789";
    public const string ApiKey = "cluster-bench-api-key-0123456789abcdef";

    private readonly string _directory = Directory.CreateTempSubdirectory("callingbot-cluster-bench-").FullName;
    private readonly List<ChildProcess> _others = [];
    private string _redis = "";
    private string _pem = "";
    private Uri _emulatorHttps = null!;
    private X509Certificate2? _certificate;

    public Uri Control { get; private set; } = null!;

    public CallbackSpreader Spreader { get; private set; } = null!;

    public List<Instance> Instances { get; } = [];

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>A client of the spreader, trusting exactly the emulator's certificate it serves.</summary>
    public HttpClient SpreaderHttp { get; private set; } = null!;

    /// <param name="emulatorSettings">Settings of the emulator beyond the scene's own (environment variables <c>Emulator__…</c>).</param>
    public static async Task<ClusterScene> StartAsync(string repositoryRoot, string configuration, IReadOnlyDictionary<string, string?>? emulatorSettings = null)
    {
        var scene = new ClusterScene();
        try
        {
            await scene.StartInfrastructureAsync(repositoryRoot, configuration, emulatorSettings ?? new Dictionary<string, string?>()).ConfigureAwait(false);
            return scene;
        }
        catch
        {
            await scene.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts one bot instance and waits until it is ready (its membership: <see cref="WaitForMembersAsync"/>).</summary>
    /// <param name="settings">Settings beyond the scene's own (environment variables <c>CallingBot__…</c>).</param>
    public async Task<Instance> AddInstanceAsync(string repositoryRoot, string configuration, string clusterId, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var port = ChildProcess.FreePort();
        var siloPort = ChildProcess.FreePort();
        var directory = Path.Combine(_directory, "bot-" + port.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["SSL_CERT_FILE"] = _pem,
            ["CallingBot__Mode"] = "Real",
            ["CallingBot__Graph__AppId"] = AppId,
            ["CallingBot__Graph__TenantId"] = TenantId,
            ["CallingBot__Graph__ClientSecret"] = ClientSecret,
            ["CallingBot__Graph__CallbackUrl"] = new Uri(Spreader.BaseAddress, "/api/calling").AbsoluteUri,
            ["CallingBot__Graph__ServiceBaseUrl"] = new Uri(_emulatorHttps, "v1.0").AbsoluteUri,
            ["CallingBot__Graph__AuthorityHost"] = _emulatorHttps.AbsoluteUri,
            ["CallingBot__Graph__ValidateAuthority"] = "false",
            ["CallingBot__Callbacks__Authorities__0__Name"] = "emulator",
            ["CallingBot__Callbacks__Authorities__0__MetadataUrl"] = new Uri(_emulatorHttps, "common/v2.0/.well-known/openid-configuration").AbsoluteUri,
            ["CallingBot__Callbacks__Authorities__0__IssuerPrefixes__0"] = _emulatorHttps.AbsoluteUri,
            ["CallingBot__Callbacks__Authorities__0__RequireTrustedCaller"] = "true",
            ["CallingBot__Api__ApiKey"] = ApiKey,
            ["CallingBot__Logging__MinimumLevel"] = "Warning",
            ["CallingBot__Dashboard__Enabled"] = "false",
            ["CallingBot__Cluster__Mode"] = "Redis",
            ["CallingBot__Cluster__RedisConnectionString"] = _redis,
            ["CallingBot__Cluster__ClusterId"] = clusterId,
            ["CallingBot__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["CallingBot__Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var host = Path.Combine(repositoryRoot, "src", "CallingBot.Host", "bin", configuration, "net10.0", "CallingBot.Host.dll");
        if (!File.Exists(host))
        {
            throw new FileNotFoundException($"Build the host first: dotnet build -c {configuration} src/CallingBot.Host", host);
        }

        var process = ChildProcess.Start($"bot:{port}", "dotnet", [host], environment, directory);
        var instance = new Instance(process, new Uri($"http://127.0.0.1:{port}/"), $"127.0.0.1:{siloPort}");
        Instances.Add(instance);
        await process.WaitUntilServingAsync(Http, new Uri(instance.BaseAddress, "health/ready"), $"instance {instance.Silo} ready", TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        return instance;
    }

    /// <summary>
    /// Waits until the cluster's membership table (in Redis: the hash <c>callingbot/members/{clusterId}</c>) lists
    /// <paramref name="members"/> active instances (status 3). The API and <c>/health</c> of a real-mode instance need
    /// an Entra token, which the benchmark does not have.
    /// </summary>
    public async Task WaitForMembersAsync(string clusterId, int members)
    {
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis).ConfigureAwait(false);
        var database = redis.GetDatabase();
        await ChildProcess.WaitUntilAsync(
            async () =>
            {
                var entries = await database.HashGetAllAsync($"callingbot/members/{clusterId}").ConfigureAwait(false);
                return entries.Count(e => e.Name.ToString().StartsWith('S') && e.Value.ToString().Contains("\"Status\":3", StringComparison.Ordinal)) == members;
            },
            $"{members} active members in cluster {clusterId}",
            TimeSpan.FromSeconds(120)).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the membership table lists the instance <paramref name="silo"/> (<c>127.0.0.1:port</c>) as dead
    /// (status 6) and returns when that was seen (a <see cref="System.Diagnostics.Stopwatch"/> timestamp, polled every 20 ms).
    /// </summary>
    public async Task<long> WaitForDeathAsync(string clusterId, string silo, TimeSpan timeout)
    {
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis).ConfigureAwait(false);
        var database = redis.GetDatabase();
        long seen = 0;
        await ChildProcess.WaitUntilAsync(
            async () =>
            {
                var entries = await database.HashGetAllAsync($"callingbot/members/{clusterId}").ConfigureAwait(false);
                if (entries.Any(e => e.Name.ToString().Contains(silo, StringComparison.Ordinal) && e.Value.ToString().Contains("\"Status\":6", StringComparison.Ordinal)))
                {
                    seen = System.Diagnostics.Stopwatch.GetTimestamp();
                    return true;
                }

                return false;
            },
            $"instance {silo} declared dead",
            timeout,
            TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
        return seen;
    }

    /// <summary>
    /// The owner (the instance's silo name) of each call in the cluster's live call records in Redis (hash
    /// <c>callingbot:callingbot:{clusterId}:live:call:{callId}</c>, field <c>owner</c>); null for a call without a record yet.
    /// </summary>
    public async Task<Dictionary<string, string?>> LiveOwnersAsync(string clusterId, IEnumerable<string> callIds)
    {
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis).ConfigureAwait(false);
        var database = redis.GetDatabase();
        var owners = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var callId in callIds)
        {
            var owner = await database.HashGetAsync($"callingbot:callingbot:{clusterId}:live:call:{callId.ToLowerInvariant()}", "owner").ConfigureAwait(false);
            owners[callId] = owner.IsNull ? null : owner.ToString();
        }

        return owners;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in Instances)
        {
            await instance.Process.DisposeAsync().ConfigureAwait(false);
        }

        if (Spreader is not null)
        {
            await Spreader.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var other in _others)
        {
            await other.DisposeAsync().ConfigureAwait(false);
        }

        Http.Dispose();
        SpreaderHttp?.Dispose();
        _certificate?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task StartInfrastructureAsync(string repositoryRoot, string configuration, IReadOnlyDictionary<string, string?> emulatorSettings)
    {
        var redisPort = ChildProcess.FreePort();
        var redisDirectory = Path.Combine(_directory, "redis");
        Directory.CreateDirectory(redisDirectory);
        _others.Add(ChildProcess.Start("redis", "redis-server", ["--port", redisPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", redisDirectory]));
        _redis = $"127.0.0.1:{redisPort}";

        var httpsPort = ChildProcess.FreePort();
        var httpPort = ChildProcess.FreePort();
        var emulator = Path.Combine(repositoryRoot, "src", "CallingBot.Emulator", "bin", configuration, "net10.0", "CallingBot.Emulator.dll");
        if (!File.Exists(emulator))
        {
            throw new FileNotFoundException($"Build the emulator first: dotnet build -c {configuration} src/CallingBot.Emulator", emulator);
        }

        var data = Path.Combine(_directory, "emulator");
        Directory.CreateDirectory(data);
        var environment = new Dictionary<string, string?>
        {
            ["Emulator__HttpsPort"] = httpsPort.ToString(CultureInfo.InvariantCulture),
            ["Emulator__HttpPort"] = httpPort.ToString(CultureInfo.InvariantCulture),
            ["Emulator__DataDirectory"] = data,
            ["Emulator__DefaultTenantId"] = TenantId,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in emulatorSettings)
        {
            environment[key] = value;
        }

        _others.Add(ChildProcess.Start("emulator", "dotnet", [emulator], environment, data));
        _emulatorHttps = new Uri($"https://127.0.0.1:{httpsPort}/");
        Control = new Uri($"http://127.0.0.1:{httpPort}/");
        await ChildProcess.WaitUntilAsync(
            async () => (await Http.GetAsync(new Uri(Control, "emulator")).ConfigureAwait(false)).IsSuccessStatusCode,
            "emulator ready",
            TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        var der = await Http.GetByteArrayAsync(new Uri(Control, "emulator/certificate")).ConfigureAwait(false);
        _pem = Path.Combine(_directory, "emulator.pem");
        using (var certificate = X509CertificateLoader.LoadCertificate(der))
        {
            await File.WriteAllTextAsync(_pem, certificate.ExportCertificatePem()).ConfigureAwait(false);
        }

        _certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(data, "emulator-tls.pfx"), null);
        Spreader = await CallbackSpreader.StartAsync(_certificate).ConfigureAwait(false);
        var thumbprint = _certificate.Thumbprint;
        SpreaderHttp = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == thumbprint,
        })
        { Timeout = TimeSpan.FromSeconds(30) };
        using var registered = await Http.PostAsJsonAsync(new Uri(Control, "emulator/applications"), new
        {
            appId = AppId,
            displayName = "CallingBot (cluster bench)",
            tenantId = TenantId,
            clientSecret = ClientSecret,
            callbackUri = new Uri(Spreader.BaseAddress, "/api/calling"),
        }).ConfigureAwait(false);
        registered.EnsureSuccessStatusCode();
    }
}

/// <summary>One bot instance: its process, its address, its name in the cluster (the silo endpoint).</summary>
internal sealed record Instance(ChildProcess Process, Uri BaseAddress, string Silo);
