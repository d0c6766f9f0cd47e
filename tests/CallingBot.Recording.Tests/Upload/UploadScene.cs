using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using CallingBot.Recording.Compliance;
using CallingBot.Recording.Diagnostics;
using CallingBot.Recording.Tests.Fakes;
using CallingBot.Recording.Upload;
using CallingBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Recording.Tests.Upload;

/// <summary>
/// The uploader as the service registers it (<c>AddComplianceRecording</c> with <c>CallingBot:Recording:Storage</c>
/// <c>AzureBlob</c>), against a real Azurite, on a fake clock, with the recording instruments collected.
/// </summary>
internal sealed class UploadScene : IAsyncDisposable
{
    public const string Container = "recordings";

    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _started = [];

    private UploadScene(AzuriteServer azurite, TemporaryDirectory directory, FakeTimeProvider time, ServiceProvider services)
    {
        Azurite = azurite;
        Directory = directory;
        Time = time;
        _services = services;
        var meters = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        Uploads = new MetricCollector<long>(meters, RecordingMetrics.MeterName, "callingbot.recording.uploads");
        Failures = new MetricCollector<long>(meters, RecordingMetrics.MeterName, "callingbot.recording.upload.failures");
        Pending = new MetricCollector<int>(meters, RecordingMetrics.MeterName, "callingbot.recording.uploads.pending");
        Deleted = new MetricCollector<long>(meters, RecordingMetrics.MeterName, "callingbot.recording.local.deleted");
    }

    public AzuriteServer Azurite { get; }

    public TemporaryDirectory Directory { get; }

    public FakeTimeProvider Time { get; }

    public MetricCollector<long> Uploads { get; }

    public MetricCollector<long> Failures { get; }

    public MetricCollector<int> Pending { get; }

    public MetricCollector<long> Deleted { get; }

    public RecordingUploadMonitor Monitor => _services.GetRequiredService<RecordingUploadMonitor>();

    public IServiceProvider Services => _services;

    public BlobContainerClient ContainerClient => new BlobServiceClient(Azurite.ConnectionString).GetBlobContainerClient(Container);

    /// <param name="settings">More <c>CallingBot:Recording</c> settings (keys without the section).</param>
    /// <param name="configureClient">Adds to the blob client's pipeline, for example a policy that stops Azurite mid-upload.</param>
    public static async Task<UploadScene> CreateAsync(Dictionary<string, string?>? settings = null, Action<BlobClientOptions>? configureClient = null)
    {
        var azurite = await AzuriteServer.StartAsync();
        var directory = new TemporaryDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var values = new Dictionary<string, string?>
        {
            ["CallingBot:Recording:Directory"] = directory.Path,
            ["CallingBot:Recording:Storage"] = "AzureBlob",
            ["CallingBot:Recording:AzureBlob:ConnectionString"] = azurite.ConnectionString,
            ["CallingBot:Recording:AzureBlob:Container"] = Container,
            ["CallingBot:Recording:AzureBlob:RetryDelay"] = "00:00:10",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values["CallingBot:Recording:" + key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(new RecordingBlobContainerFactory(configureClient));
        services.AddComplianceRecording();
        return new UploadScene(azurite, directory, time, services.BuildServiceProvider());
    }

    /// <summary>Starts the service's hosted services (the uploader among them), as the host would.</summary>
    public async Task StartAsync()
    {
        foreach (var service in _services.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
            _started.Add(service);
        }
    }

    /// <summary>Stops them, as the host does at shutdown.</summary>
    public async Task StopAsync()
    {
        foreach (var service in Enumerable.Reverse(_started))
        {
            await service.StopAsync(CancellationToken.None);
        }

        _started.Clear();
    }

    /// <summary>A committed recording as the recorder leaves it: a mixed WAV, a participant's WAV, then the metadata.</summary>
    public CommittedRecording Commit(string callId, int audioBytes = 256 * 1024)
    {
        var baseName = $"20261201T100000Z_{callId}-0123456789ab";
        var files = new List<RecordedFile>();
        foreach (var (name, kind) in new[] { (baseName + ".mixed.wav", "mixed"), (baseName + ".alice-abcdefabcdef.wav", "participant") })
        {
            var bytes = RandomNumberGenerator.GetBytes(44 + audioBytes);
            File.WriteAllBytes(Path.Combine(Directory.Path, name), bytes);
            files.Add(new RecordedFile(name, kind, kind == "participant" ? "alice" : null, 0, bytes.Length, audioBytes, Convert.ToHexStringLower(SHA256.HashData(bytes)), Committed: true));
        }

        var metadata = new RecordingMetadata(callId, "Tag:Compliance", "completed", Time.GetUtcNow(), Time.GetUtcNow().AddMinutes(1), [], files, [], null);
        File.WriteAllBytes(Path.Combine(Directory.Path, baseName + ".json"), JsonSerializer.SerializeToUtf8Bytes(metadata, RecordingMetadataJson.Default.RecordingMetadata));
        return new CommittedRecording(baseName, callId + "-0123456789ab", [.. files.Select(f => f.Name), baseName + ".json"]);
    }

    /// <summary>Every blob of the container with its content.</summary>
    public async Task<Dictionary<string, byte[]>> ReadBlobsAsync()
    {
        var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await foreach (var item in ContainerClient.GetBlobsAsync())
        {
            blobs[item.Name] = (await ContainerClient.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToArray();
        }

        return blobs;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            Uploads.Dispose();
            Failures.Dispose();
            Pending.Dispose();
            Deleted.Dispose();
            await _services.DisposeAsync();
            Directory.Dispose();
            await Azurite.DisposeAsync();
        }
    }
}

/// <summary>A recording written by <see cref="UploadScene.Commit"/>: its base name, the call part of its blob names, its files (metadata last).</summary>
internal sealed record CommittedRecording(string BaseName, string CallPart, IReadOnlyList<string> Files);
