using System.Diagnostics;
using System.Globalization;
using System.Net;
using CallingBot.Emulator;

namespace CallingBot.Cluster.Tests.Infrastructure;

/// <summary>
/// The real host as its own process (<c>dotnet CallingBot.Host.dll</c>), configured by environment variables only: real
/// mode against a standalone emulator (trusted through <c>SSL_CERT_FILE</c>), clustered in Redis. Killed with its
/// process tree when disposed, so no host outlives the test.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    public const string ApiKey = "cluster-process-tests-api-key-0123456789";

    private readonly Process _process;
    private readonly string _directory;

    private HostProcess(Process process, string directory, Uri baseAddress, string instance)
    {
        _process = process;
        _directory = directory;
        BaseAddress = baseAddress;
        Instance = instance;
    }

    public Uri BaseAddress { get; }

    /// <summary>The instance's name in the cluster (its silo endpoint).</summary>
    public string Instance { get; }

    public bool HasExited => _process.HasExited;

    public static HostProcess Start(GraphEmulator emulator, Uri callbackUrl, string redis, string clusterId, string trustedCertificatePem, IReadOnlyDictionary<string, string?> settings)
    {
        var port = RedisServer.FreePort();
        var siloPort = RedisServer.FreePort();
        var directory = Path.Combine(Path.GetTempPath(), "callingbot-process-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(HostAssembly());
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["DOTNET_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["SSL_CERT_FILE"] = trustedCertificatePem,
            ["CallingBot__Mode"] = "Real",
            ["CallingBot__Graph__AppId"] = ClusterBot.AppId,
            ["CallingBot__Graph__TenantId"] = ClusterBot.TenantId,
            ["CallingBot__Graph__ClientSecret"] = ClusterBot.ClientSecret,
            ["CallingBot__Graph__CallbackUrl"] = callbackUrl.AbsoluteUri,
            ["CallingBot__Graph__VerifyCredentialsAtStart"] = "false",
            ["CallingBot__Graph__ServiceBaseUrl"] = emulator.GraphServiceBaseUrl.AbsoluteUri,
            ["CallingBot__Graph__AuthorityHost"] = emulator.HttpsBaseAddress.AbsoluteUri,
            ["CallingBot__Graph__ValidateAuthority"] = "false",
            ["CallingBot__Callbacks__Authorities__0__Name"] = "emulator",
            ["CallingBot__Callbacks__Authorities__0__MetadataUrl"] = new Uri(emulator.HttpsBaseAddress, "common/v2.0/.well-known/openid-configuration").AbsoluteUri,
            ["CallingBot__Callbacks__Authorities__0__IssuerPrefixes__0"] = emulator.HttpsBaseAddress.AbsoluteUri,
            ["CallingBot__Callbacks__Authorities__0__RequireTrustedCaller"] = "true",
            ["CallingBot__Api__ApiKey"] = ApiKey,
            ["CallingBot__Logging__MinimumLevel"] = "Warning",
            ["CallingBot__DrainTimeout"] = "00:00:05",
            ["CallingBot__Cluster__Mode"] = "Redis",
            ["CallingBot__Cluster__RedisConnectionString"] = redis,
            ["CallingBot__Cluster__ClusterId"] = clusterId,
            ["CallingBot__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["CallingBot__Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The host process did not start.");

        // Drained so the pipes never fill; the output is not needed.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new HostProcess(process, directory, new Uri($"http://127.0.0.1:{port}"), $"127.0.0.1:{siloPort}");
    }

    public HttpClient CreateApiClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    /// <summary>True once the host answers ready.</summary>
    public async Task<bool> IsReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: the process vanishes without a word.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The host built beside this test project (same configuration).</summary>
    private static string HostAssembly()
    {
        var testDirectory = AppContext.BaseDirectory;
        var configuration = new DirectoryInfo(testDirectory).Parent!.Name;
        var framework = new DirectoryInfo(testDirectory).Name;
        var root = new DirectoryInfo(testDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "CallingBot.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root?.FullName ?? throw new InvalidOperationException("The repository root (CallingBot.sln) was not found above " + testDirectory), "src", "CallingBot.Host", "bin", configuration, framework, "CallingBot.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build src/CallingBot.Host first.", path);
    }

}
