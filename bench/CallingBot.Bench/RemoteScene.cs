using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace CallingBot.Bench;

/// <summary>
/// The emulator and the bot each in its own process on loopback (<c>dotnet CallingBot.Emulator.dll</c> and this
/// benchmark in its <c>bot-process</c> role), so that what the bot costs is measured in a process of its own; this
/// process only drives the emulator's control API and reads the results.
/// </summary>
internal sealed class RemoteScene : IAsyncDisposable
{
    public const string AppId = "5c1a2b3c-0000-4000-8000-0000000be4d1";
    public const string TenantId = "5c1a2b3c-0000-4000-8000-0000000be4da";
    public const string CallerId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private const string ClientSecret = "answer-bench-client-secret-0123456789";
    private const string ApiKey = "answer-bench-api-key-0123456789abcdef";

    private readonly string _directory = Directory.CreateTempSubdirectory("callingbot-bench-").FullName;
    private ChildProcess? _emulator;
    private ChildProcess? _bot;

    public HttpClient Control { get; } = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(120) };

    /// <summary>A client of the bot process, trusting exactly the emulator's certificate it serves.</summary>
    public HttpClient Bot { get; private set; } = null!;

    public X509Certificate2 Certificate { get; private set; } = null!;

    public ChildProcess EmulatorProcess => _emulator!;

    public ChildProcess BotProcess => _bot!;

    /// <summary>A handler built like the emulator's delivery client (pinned to its certificate, no redirects).</summary>
    public SocketsHttpHandler CreateDeliveryLikeHandler()
    {
        var pinned = Certificate.GetCertHash(HashAlgorithmName.SHA256);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            MaxConnectionsPerServer = 32,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    errors == SslPolicyErrors.None || (certificate is not null && certificate.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(pinned)),
            },
        };
    }

    /// <summary>Starts the emulator and, beside it, the bot (<paramref name="relay"/> false) or the relay (<see cref="RelayProcess"/>).</summary>
    public static async Task<RemoteScene> StartAsync(bool relay = false)
    {
        var scene = new RemoteScene();
        try
        {
            await scene.StartCoreAsync(relay).ConfigureAwait(false);
            return scene;
        }
        catch
        {
            await scene.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartCoreAsync(bool relay)
    {
        var root = RepositoryRoot();
        var emulatorDll = Path.Combine(root, "src", "CallingBot.Emulator", "bin", "Release", "net10.0", "CallingBot.Emulator.dll");
        if (!File.Exists(emulatorDll))
        {
            throw new FileNotFoundException("Build the emulator first: dotnet build -c Release src/CallingBot.Emulator", emulatorDll);
        }

        var emulator = await EmulatorChild.StartAsync(emulatorDll, _directory, TenantId, Control).ConfigureAwait(false);
        _emulator = emulator.Process;
        Certificate = emulator.Certificate;
        var emulatorHttps = emulator.HttpsBase;
        var pem = emulator.CertificatePemPath;
        var pfx = emulator.CertificatePfxPath;
        var botPort = ChildProcess.FreePort();
        Bot = new HttpClient(CreateDeliveryLikeHandler()) { Timeout = TimeSpan.FromSeconds(120), BaseAddress = new Uri($"https://127.0.0.1:{botPort}/") };
        var callback = new Uri($"https://127.0.0.1:{botPort}/api/calling");
        using (var registered = await Control.PostAsJsonAsync(new Uri("emulator/applications", UriKind.Relative), new
        {
            appId = AppId,
            displayName = "CallingBot (answer bench)",
            tenantId = TenantId,
            clientSecret = ClientSecret,
            callbackUri = callback,
        }).ConfigureAwait(false))
        {
            registered.EnsureSuccessStatusCode();
        }

        var botDirectory = Path.Combine(_directory, "bot");
        Directory.CreateDirectory(botDirectory);
        var environment = HostRuntime.With(new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"https://127.0.0.1:{botPort}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["SSL_CERT_FILE"] = pem,
            ["CALLINGBOT_BENCH_TLS_PFX"] = pfx,
            ["CallingBot__Mode"] = "Real",
            ["CallingBot__Graph__AppId"] = AppId,
            ["CallingBot__Graph__TenantId"] = TenantId,
            ["CallingBot__Graph__ClientSecret"] = ClientSecret,
            ["CallingBot__Graph__CallbackUrl"] = callback.AbsoluteUri,
            ["CallingBot__Graph__ServiceBaseUrl"] = new Uri(emulatorHttps, "v1.0").AbsoluteUri,
            ["CallingBot__Graph__AuthorityHost"] = emulatorHttps.AbsoluteUri,
            ["CallingBot__Graph__ValidateAuthority"] = "false",
            ["CallingBot__Callbacks__Authorities__0__Name"] = "emulator",
            ["CallingBot__Callbacks__Authorities__0__MetadataUrl"] = new Uri(emulatorHttps, "common/v2.0/.well-known/openid-configuration").AbsoluteUri,
            ["CallingBot__Callbacks__Authorities__0__IssuerPrefixes__0"] = emulatorHttps.AbsoluteUri,
            ["CallingBot__Callbacks__Authorities__0__RequireTrustedCaller"] = "true",
            ["CallingBot__Api__ApiKey"] = ApiKey,
            ["CallingBot__Dashboard__Enabled"] = "false",
        });
        var self = typeof(RemoteScene).Assembly.Location;
        _bot = ChildProcess.Start(relay ? "relay" : "bot", "dotnet", [self, relay ? "relay-process" : "bot-process"], environment, botDirectory);
        await _bot.WaitUntilServingAsync(Bot, new Uri("health/ready", UriKind.Relative), "bot ready", TimeSpan.FromSeconds(120)).ConfigureAwait(false);
    }

    /// <summary>Places an incoming call from the emulator and returns its id.</summary>
    public async Task<string> PlaceCallAsync()
    {
        using var response = await Control.PostAsJsonAsync(new Uri("emulator/calls", UriKind.Relative), new { appId = AppId, fromUserId = CallerId }).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync().ConfigureAwait(false)).ConfigureAwait(false);
        return document.RootElement.GetProperty("id").GetString()!;
    }

    public async Task WaitForStateAsync(string id, string state)
    {
        using var response = await Control.GetAsync(new Uri($"emulator/calls/{id}/wait?state={state}&timeoutSeconds=120", UriKind.Relative)).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new TimeoutException($"Phase 'call {id} {state}' failed: the emulator answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
        }
    }

    public async Task HangUpAsync(string id)
    {
        using var response = await Control.PostAsync(new Uri($"emulator/calls/{id}/hangUp", UriKind.Relative), null).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Phase 'hang up call {id}' failed: the emulator answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
        }
    }

    /// <summary>
    /// The time from the emulator queueing the incoming-call notification to it receiving the answer; within it, the time
    /// until the emulator read the bot's response to that notification (the webhook's acknowledgement); and that
    /// notification's body.
    /// </summary>
    public async Task<(double Milliseconds, double AcknowledgedMilliseconds, string CreatedBody)> AnswerBreakdownAsync(string id)
    {
        await using var stream = await Control.GetStreamAsync(new Uri($"emulator/calls/{id}/timeline", UriKind.Relative)).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(stream).ConfigureAwait(false);
        DateTimeOffset? created = null;
        DateTimeOffset? answer = null;
        DateTimeOffset? acknowledged = null;
        string body = "";
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            var kind = entry.GetProperty("kind").GetString();
            if (created is null && kind == "notification" && entry.TryGetProperty("body", out var b) && b.GetString() is { } text && text.Contains("\"created\"", StringComparison.Ordinal))
            {
                created = entry.GetProperty("timestamp").GetDateTimeOffset();
                acknowledged = entry.TryGetProperty("completedAt", out var completed) && completed.ValueKind == JsonValueKind.String ? completed.GetDateTimeOffset() : null;
                body = text;
            }
            else if (answer is null && kind == "request" && entry.GetProperty("path").GetString()!.EndsWith("/answer", StringComparison.Ordinal))
            {
                answer = entry.GetProperty("timestamp").GetDateTimeOffset();
            }
        }

        if (created is null || answer is null)
        {
            throw new InvalidOperationException($"Call {id}: the timeline lacks the incoming-call notification or the answer.");
        }

        return ((answer.Value - created.Value).TotalMilliseconds, ((acknowledged ?? answer.Value) - created.Value).TotalMilliseconds, body);
    }

    /// <summary>The bot process's managed heap and working set after a forced full collection, and its calls.</summary>
    public async Task<BotMemory> BotMemoryAsync() =>
        (await Bot.GetFromJsonAsync<BotMemory>(new Uri("bench/memory", UriKind.Relative)).ConfigureAwait(false))!;

    /// <summary>The bot process's allocations, collections, lock contentions and thread-pool work items so far.</summary>
    public async Task<BotRuntime> BotRuntimeAsync() =>
        (await Bot.GetFromJsonAsync<BotRuntime>(new Uri("bench/runtime", UriKind.Relative)).ConfigureAwait(false))!;

    public static TimeSpan CpuTime(ChildProcess process)
    {
        using var p = Process.GetProcessById(process.Id);
        return p.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        if (_bot is not null)
        {
            await _bot.DisposeAsync().ConfigureAwait(false);
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
        }

        Control.Dispose();
        Bot?.Dispose();
        Certificate?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CallingBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmark from the repository's build output (CallingBot.sln not found above it).");
    }
}

/// <summary>
/// The bot process's runtime counters since it started (see <see cref="BotProcess"/>); <see cref="Threads"/> is the
/// thread pool's size when read (a difference keeps the later one).
/// </summary>
internal sealed record BotRuntime(long AllocatedBytes, int Gen0, int Gen1, int Gen2, double GcPauseMilliseconds, long LockContentions, long WorkItems, int Threads)
{
    public static BotRuntime operator -(BotRuntime after, BotRuntime before) => new(
        after.AllocatedBytes - before.AllocatedBytes,
        after.Gen0 - before.Gen0,
        after.Gen1 - before.Gen1,
        after.Gen2 - before.Gen2,
        after.GcPauseMilliseconds - before.GcPauseMilliseconds,
        after.LockContentions - before.LockContentions,
        after.WorkItems - before.WorkItems,
        after.Threads);
}

/// <summary>What the bot process reports about itself (see <see cref="BotProcess"/>).</summary>
internal sealed record BotMemory(long Heap, long WorkingSet, int Calls, int Established);
