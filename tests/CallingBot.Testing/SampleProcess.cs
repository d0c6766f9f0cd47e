using System.Diagnostics;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CallingBot.Testing;

/// <summary>
/// A sample started exactly as its README says, <c>dotnet run --project samples/{name}/src</c> (no build: the test run
/// built it), in local mode with its emulator on free loopback ports. Reads the addresses and the API key the bot
/// prints at start, drives calls through the emulator's control API over HTTP, and stops the process with SIGTERM.
/// </summary>
public sealed partial class SampleProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _control = new();

    private SampleProcess(Process process) => _process = process;

    /// <summary>The emulator's control API, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri ControlAddress { get; private set; } = null!;

    /// <summary>The bot's own address, e.g. <c>https://127.0.0.1:40125/</c>.</summary>
    public Uri BotAddress { get; private set; } = null!;

    /// <summary>The REST API key the bot generated and printed for this run.</summary>
    public string ApiKey { get; private set; } = null!;

    /// <summary>The bot's application id as registered with its emulator.</summary>
    public string AppId { get; private set; } = null!;

    /// <summary>Everything the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="sample">The sample's folder under <c>samples/</c>.</param>
    /// <param name="settings">Settings as environment variables (<c>RecorderBot__Directory</c>) on top of the sample's appsettings.</param>
    public static async Task<SampleProcess> StartAsync(string sample, IReadOnlyDictionary<string, string>? settings = null)
    {
        var root = RepositoryRoot();
        var configuration = typeof(SampleProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "run", "--project", Path.Combine("samples", sample, "src"), "--no-build", "-c", configuration, "--", "--urls", "https://127.0.0.1:0" })
        {
            start.ArgumentList.Add(argument);
        }

        // The outer test run's MSBuild and test-platform variables are not the sample's.
        foreach (var name in start.Environment.Keys.Where(IsTestRunVariable).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["CallingBot__Local__EmulatorHttpsPort"] = "0";
        start.Environment["CallingBot__Local__EmulatorHttpPort"] = "0";
        start.Environment["CallingBot__Local__EmulatorDataDirectory"] = string.Empty;
        start.Environment["CallingBot__History__Store"] = "Memory";
        start.Environment["CallingBot__DrainTimeout"] = "00:00:05";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var sampleProcess = new SampleProcess(process);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => sampleProcess.OnLine(e.Data, started);
        process.ErrorDataReceived += (_, e) => sampleProcess.OnLine(e.Data, started);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(StartTimeout);
            sampleProcess.AppId = (await sampleProcess.GetControlAsync("emulator/applications")).EnumerateArray().First().GetProperty("appId").GetString()!;
        }
        catch (Exception exception)
        {
            var output = sampleProcess.Output;
            await sampleProcess.DisposeAsync();
            throw new InvalidOperationException($"Phase 'sample {sample} starts in local mode' failed: {exception.Message}\n{output}", exception);
        }

        return sampleProcess;
    }

    /// <summary>Places a call to the bot from a Teams user (or as described by <paramref name="request"/>'s extra fields).</summary>
    public async Task<string> PlaceCallAsync(Dictionary<string, object?>? request = null)
    {
        var body = new Dictionary<string, object?> { ["appId"] = AppId, ["fromUserId"] = "8a34a46b-3d17-4adc-8dce-dc4e7d572698" };
        foreach (var (name, value) in request ?? [])
        {
            body[name] = value;
        }

        using var response = await _control.PostAsJsonAsync(new Uri(ControlAddress, "emulator/calls"), body);
        await EnsureSuccessAsync(response, "place a call");
        using var snapshot = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return snapshot.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Waits (long poll) until the emulator's call reaches <paramref name="state"/>; returns its snapshot.</summary>
    public async Task<JsonElement> WaitForCallStateAsync(string callId, string state, int timeoutSeconds = 30)
    {
        using var response = await _control.GetAsync(new Uri(ControlAddress, $"emulator/calls/{callId}/wait?state={state}&timeoutSeconds={timeoutSeconds}"));
        await EnsureSuccessAsync(response, $"call {callId} becomes {state}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>The call's timeline (requests and notifications) as the emulator recorded it.</summary>
    public Task<JsonElement> GetTimelineAsync(string callId) => GetControlAsync($"emulator/calls/{callId}/timeline");

    /// <summary>The bot's requests on the call whose path ends with <paramref name="action"/> (for example <c>/redirect</c>), oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> RequestsAsync(string callId, string action) =>
        [.. (await GetTimelineAsync(callId)).EnumerateArray().Where(e =>
            string.Equals(e.GetProperty("kind").GetString(), "request", StringComparison.OrdinalIgnoreCase)
            && e.GetProperty("path") is { ValueKind: JsonValueKind.String } path && path.GetString()!.EndsWith(action, StringComparison.Ordinal))];

    /// <summary>The prompt URIs of the bot's playPrompt requests on the call, in order.</summary>
    public async Task<IReadOnlyList<string>> PlayedPromptsAsync(string callId)
    {
        var uris = new List<string>();
        foreach (var request in await RequestsAsync(callId, "/playPrompt"))
        {
            using var body = JsonDocument.Parse(request.GetProperty("body").GetString()!);
            uris.AddRange(body.RootElement.GetProperty("prompts").EnumerateArray().Select(p => p.GetProperty("mediaInfo").GetProperty("uri").GetString()!));
        }

        return uris;
    }

    /// <summary>A POST to the control API with a JSON body (keys, hang-up, participants).</summary>
    public async Task PostControlAsync(string path, object? body = null)
    {
        using var response = await _control.PostAsJsonAsync(new Uri(ControlAddress, path), body ?? new { });
        await EnsureSuccessAsync(response, $"POST {path}");
    }

    /// <summary>A client for the bot's REST API: trusts the emulator's certificate the bot serves, sends the API key.</summary>
    public HttpClient CreateApiClient()
    {
        var client = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { BaseAddress = BotAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    /// <summary>Stops the bot as a service manager would (SIGTERM) and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Phase 'sample stops on SIGTERM' did not complete within 60 s.\n{Output}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _control.Dispose();
    }

    private async Task<JsonElement> GetControlAsync(string path)
    {
        using var response = await _control.GetAsync(new Uri(ControlAddress, path));
        await EnsureSuccessAsync(response, $"GET {path}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string phase)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Phase '{phase}' failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{Output}");
        }
    }

    private void OnLine(string? line, TaskCompletionSource started)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ApiKeyLine().Match(line) is { Success: true } key)
        {
            ApiKey = key.Groups[1].Value;
        }

        if (LinksLine().Match(line) is { Success: true } links)
        {
            ControlAddress = new Uri(links.Groups[1].Value + "/");
            BotAddress = new Uri(links.Groups[2].Value + "/");
            if (ApiKey is not null)
            {
                started.TrySetResult();
            }
        }
    }

    private static bool IsTestRunVariable(string name) =>
        name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CallingBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"CallingBot.sln not found above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"X-Api-Key: (\S+) \(generated")]
    private static partial Regex ApiKeyLine();

    [GeneratedRegex(@"softphone (http://127\.0\.0\.1:\d+)/emulator/softphone/, send API requests from (https://127\.0\.0\.1:\d+)/")]
    private static partial Regex LinksLine();
}
