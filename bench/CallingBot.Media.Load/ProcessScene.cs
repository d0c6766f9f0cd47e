using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CallingBot.Bench.Shared;

namespace CallingBot.Media.Load;

/// <summary>
/// The emulator (<c>dotnet CallingBot.Emulator.dll</c>) and the bot (this benchmark in its <c>bot-process</c> role, the
/// real host in real mode configured by environment like a deployed instance) each in a process of its own on
/// loopback, so each one's CPU is its own; this process only drives the emulator's control API and reads the bot's
/// figures from <c>/bench/media</c>.
/// </summary>
internal sealed class ProcessScene : IMediaLoadScene
{
    private const string AppId = "5c1a2b3c-0000-4000-8000-00000000ed1a";
    private const string TenantId = "5c1a2b3c-0000-4000-8000-00000000ed1b";
    private const string ClientSecret = "media-load-client-secret-0123456789";
    private const string ApiKey = "media-load-api-key-0123456789abcdef";

    private readonly string _directory = Directory.CreateTempSubdirectory("callingbot-media-load-").FullName;
    private readonly HttpClient _control = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(120) };
    private ChildProcess? _emulator;
    private ChildProcess? _bot;
    private HttpClient? _botClient;
    private X509Certificate2? _certificate;

    private ProcessScene()
    {
    }

    public string Description => string.Create(CultureInfo.InvariantCulture, $"emulator (pid {_emulator!.Id}, {EmulatorDll}) and bot (pid {_bot!.Id}) each in its own process; this process drives the emulator's control API");

    public int BotProcessId => _bot!.Id;

    private string EmulatorDll { get; init; } = string.Empty;

    public static async Task<ProcessScene> StartAsync(string? emulatorDll, byte[] wav)
    {
        var dll = emulatorDll ?? Path.Combine(RepositoryRoot(), "src", "CallingBot.Emulator", "bin", "Release", "net10.0", "CallingBot.Emulator.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build the emulator first: dotnet build -c Release src/CallingBot.Emulator (or name one with --emulator-dll)", dll);
        }

        var scene = new ProcessScene { EmulatorDll = dll };
        try
        {
            await scene.StartCoreAsync(dll, wav);
            return scene;
        }
        catch
        {
            await scene.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(string emulatorDll, byte[] wav)
    {
        var emulator = await EmulatorChild.StartAsync(emulatorDll, _directory, TenantId, _control);
        _emulator = emulator.Process;
        _certificate = emulator.Certificate;
        var emulatorHttps = emulator.HttpsBase;
        var pem = emulator.CertificatePemPath;
        var pfx = emulator.CertificatePfxPath;
        using (var media = await _control.PutAsJsonAsync(new Uri("emulator/media", UriKind.Relative), new
        {
            keepSeconds = 0,
            defaultSource = new { kind = "wav", wavBase64 = Convert.ToBase64String(wav), loop = true },
        }))
        {
            media.EnsureSuccessStatusCode();
        }

        var botPort = ChildProcess.FreePort();
        var botBase = new Uri($"https://127.0.0.1:{botPort}/");
        _botClient = new HttpClient(CreatePinnedHandler(_certificate)) { Timeout = TimeSpan.FromSeconds(60), BaseAddress = botBase };
        var callback = new Uri(botBase, "api/calling");
        using (var registered = await _control.PostAsJsonAsync(new Uri("emulator/applications", UriKind.Relative), new
        {
            appId = AppId,
            displayName = "CallingBot (media load)",
            tenantId = TenantId,
            clientSecret = ClientSecret,
            callbackUri = callback,
        }))
        {
            registered.EnsureSuccessStatusCode();
        }

        var botDirectory = Path.Combine(_directory, "bot");
        Directory.CreateDirectory(botDirectory);
        var environment = HostRuntime.With(new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = botBase.AbsoluteUri.TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["SSL_CERT_FILE"] = pem,
            [BotRole.TlsPfxVariable] = pfx,
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
            ["CallingBot__Media__PublicUrl"] = botBase.AbsoluteUri,
            ["CallingBot__Api__ApiKey"] = ApiKey,
            ["CallingBot__Dashboard__Enabled"] = "false",
            ["CallingBot__Logging__MinimumLevel"] = "Error",
            ["CallingBot__DrainTimeout"] = "00:00:10",
        });
        var self = typeof(ProcessScene).Assembly.Location;
        _bot = ChildProcess.Start("bot", "dotnet", [self, BotRole.Argument], environment, botDirectory);
        await _bot.WaitUntilServingAsync(_botClient, new Uri("health/ready", UriKind.Relative), "bot ready", TimeSpan.FromSeconds(120));
    }

    public async Task<string> PlaceCallAsync()
    {
        using var response = await _control.PostAsJsonAsync(new Uri("emulator/calls", UriKind.Relative), new { appId = AppId, fromUserId = Guid.NewGuid().ToString() });
        response.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return document.RootElement.GetProperty("id").GetString()!;
    }

    public async Task<int> BotConnectedAsync() =>
        (await _botClient!.GetFromJsonAsync<int>(new Uri(BotRole.ConnectedPath, UriKind.Relative)));

    public async Task<EmulatorStreams> EmulatorStreamsAsync(IReadOnlyList<string> callIds) =>
        new(await ForEachAsync(callIds, StreamAsync));

    public async Task ResetBotAsync()
    {
        using var response = await _botClient!.PostAsync(new Uri(BotRole.ResetPath, UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    public async Task<BotFigures> ReadBotAsync() =>
        (await _botClient!.GetFromJsonAsync<BotFigures>(new Uri(BotRole.FiguresPath, UriKind.Relative)))!;

    public (TimeSpan Bot, TimeSpan? Emulator) CpuTime() => (CpuTime(_bot!), CpuTime(_emulator!));

    public async Task<(bool Done, string? Reason)> TryHangUpAsync(string callId)
    {
        try
        {
            using var response = await _control.PostAsync(new Uri($"emulator/calls/{callId}/hangUp", UriKind.Relative), null);
            return response.IsSuccessStatusCode
                ? (true, null)
                : (false, string.Create(CultureInfo.InvariantCulture, $"the emulator answered {(int)response.StatusCode}"));
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return (false, exception.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        _control.Dispose();
        _botClient?.Dispose();
        _certificate?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<EmulatorStream?> StreamAsync(string callId)
    {
        using var response = await _control.GetAsync(new Uri($"emulator/calls/{callId}/media", UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<EmulatorStream>();
    }

    private static async Task<T[]> ForEachAsync<T>(IReadOnlyList<string> ids, Func<string, Task<T>> read)
    {
        var results = new T[ids.Count];
        await Parallel.ForAsync(0, ids.Count, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) => results[i] = await read(ids[i]));
        return results;
    }

    private static TimeSpan CpuTime(ChildProcess process)
    {
        using var p = Process.GetProcessById(process.Id);
        return p.TotalProcessorTime;
    }

    private static SocketsHttpHandler CreatePinnedHandler(X509Certificate2 certificate)
    {
        var pinned = certificate.GetCertHash(HashAlgorithmName.SHA256);
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                    errors == SslPolicyErrors.None || (presented is not null && presented.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(pinned)),
            },
        };
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
