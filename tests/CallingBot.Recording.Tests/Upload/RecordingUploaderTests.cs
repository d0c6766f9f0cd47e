using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs.Models;
using CallingBot.Recording.Upload;
using CallingBot.Testing;

namespace CallingBot.Recording.Tests.Upload;

/// <summary>The verified upload of committed recordings to Azure Blob Storage, against a real Azurite.</summary>
public sealed class RecordingUploaderTests
{
    [Fact]
    public async Task CommittedRecording_AtStart_UploadsEveryFileVerifiedThenWritesTheMarkerAndKeepsLocalCopies()
    {
        await using var scene = await UploadScene.CreateAsync();
        var recording = scene.Commit("call-1");

        await scene.StartAsync();
        await Eventually.UntilAsync(() => scene.Monitor.Current.Uploaded == 1, "the recording is uploaded");

        var blobs = await scene.ReadBlobsAsync();
        Assert.Equal(recording.Files.Select(f => $"{recording.CallPart}/{f}").Order(StringComparer.Ordinal), blobs.Keys.Order(StringComparer.Ordinal));
        foreach (var file in recording.Files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(scene.Directory.Path, file)), blobs[$"{recording.CallPart}/{file}"]);
            Assert.True(File.Exists(Path.Combine(scene.Directory.Path, file)), $"{file} is kept locally (no retention configured)");
        }

        var marker = ReadMarker(scene, recording);
        Assert.Equal(recording.Files, marker.Files.Select(f => f.Name));
        Assert.Equal(recording.BaseName + ".json", marker.Files[^1].Name);
        foreach (var file in marker.Files)
        {
            var properties = (await scene.ContainerClient.GetBlobClient(file.Blob).GetPropertiesAsync()).Value;
            Assert.Equal(file.Md5, Convert.ToHexStringLower(properties.ContentHash));
            Assert.Equal(BlobType.Block, properties.BlobType);
        }

        var status = scene.Monitor.Current;
        Assert.True(status.Enabled);
        Assert.Equal(0, status.Pending);
        Assert.Equal(0, status.FailedAttempts);
        Assert.Equal(1, scene.Uploads.GetMeasurementSnapshot().Sum(m => m.Value));
        scene.Pending.RecordObservableInstruments();
        Assert.Equal(0, scene.Pending.LastMeasurement!.Value);
    }

    [Fact]
    public async Task AzuriteStopsDuringAnUpload_RecordingStaysLocalThenIsUploadedIntactWhenStorageReturns()
    {
        AzuriteServer? azurite = null;
        var outage = new OutageOnFirstBlobUpload(() => azurite!);
        await using var scene = await UploadScene.CreateAsync(configureClient: client => client.AddPolicy(outage, HttpPipelinePosition.PerCall));
        azurite = scene.Azurite;
        var recording = scene.Commit("call-outage", audioBytes: 2 * 1024 * 1024);

        await scene.StartAsync();
        await Eventually.UntilAsync(() => scene.Monitor.Current.ConsecutiveFailures == 1, "the upload during the outage fails");

        var failing = scene.Monitor.Current;
        Assert.True(outage.Triggered);
        Assert.Equal(0, failing.Uploaded);
        Assert.Equal(1, failing.Pending);
        Assert.StartsWith("RequestFailedException", failing.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", failing.LastError, StringComparison.OrdinalIgnoreCase);
        var failure = Assert.Single(scene.Failures.GetMeasurementSnapshot());
        Assert.Equal("storage", failure.Tags["reason"]);
        scene.Pending.RecordObservableInstruments();
        Assert.Equal(1, scene.Pending.LastMeasurement!.Value);
        Assert.All(recording.Files, file => Assert.True(File.Exists(Path.Combine(scene.Directory.Path, file)), $"{file} is kept while storage is down"));
        Assert.False(File.Exists(Path.Combine(scene.Directory.Path, recording.BaseName + UploadMarker.Suffix)));

        await scene.Azurite.StartAgainAsync();
        await Eventually.UntilAsync(
            () =>
            {
                // The retry waits on the service's clock: move it on until the retry has run.
                scene.Time.Advance(TimeSpan.FromSeconds(10));
                return scene.Monitor.Current.Uploaded == 1;
            },
            "the recording is uploaded once storage is back",
            TimeSpan.FromSeconds(60));

        var blobs = await scene.ReadBlobsAsync();
        foreach (var file in recording.Files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(scene.Directory.Path, file)), blobs[$"{recording.CallPart}/{file}"]);
        }

        var recovered = scene.Monitor.Current;
        Assert.Equal(0, recovered.ConsecutiveFailures);
        Assert.Equal(0, recovered.Pending);
        Assert.NotNull(recovered.LastUploadAt);
        Assert.Equal(1, scene.Uploads.GetMeasurementSnapshot().Sum(m => m.Value));
        scene.Pending.RecordObservableInstruments();
        Assert.Equal(0, scene.Pending.LastMeasurement!.Value);
        Assert.True(File.Exists(Path.Combine(scene.Directory.Path, recording.BaseName + UploadMarker.Suffix)));
    }

    [Fact]
    public async Task StorageDown_SeveralRecordingsWaiting_OneAttemptPerBackoffNotOnePerRecording()
    {
        await using var scene = await UploadScene.CreateAsync();
        await scene.Azurite.StopAsync();
        scene.Commit("call-a");
        scene.Commit("call-b");
        scene.Commit("call-c");

        await scene.StartAsync();
        await Eventually.UntilAsync(() => scene.Monitor.Current.FailedAttempts >= 1, "the first attempt fails");
        Assert.Equal(1, scene.Monitor.Current.FailedAttempts);
        Assert.Equal(3, scene.Monitor.Current.Pending);

        scene.Time.Advance(TimeSpan.FromSeconds(10));
        await Eventually.UntilAsync(() => scene.Monitor.Current.FailedAttempts >= 2, "the attempt after the first backoff fails");

        var status = scene.Monitor.Current;
        Assert.Equal(2, status.FailedAttempts);
        Assert.Equal(2, status.ConsecutiveFailures);
        Assert.Equal(2, scene.Failures.GetMeasurementSnapshot().Count);
        Assert.Equal(0, status.Uploaded);

        await scene.Azurite.StartAgainAsync();
        await Eventually.UntilAsync(
            () =>
            {
                scene.Time.Advance(TimeSpan.FromSeconds(10));
                return scene.Monitor.Current.Uploaded == 3;
            },
            "all three uploaded once storage is back",
            TimeSpan.FromSeconds(60));
        Assert.Equal(0, scene.Monitor.Current.Pending);
    }

    [Fact]
    public async Task RetentionZero_DeletesLocalCopiesOnlyAfterTheUploadIsVerified()
    {
        await using var scene = await UploadScene.CreateAsync(new() { ["Retention:KeepLocalDays"] = "0" });
        var recording = scene.Commit("call-retention");

        await scene.StartAsync();
        await Eventually.UntilAsync(() => scene.Deleted.GetMeasurementSnapshot().Count == 1, "local copies deleted after the verified upload");

        Assert.Empty(Directory.GetFiles(scene.Directory.Path));
        var blobs = await scene.ReadBlobsAsync();
        Assert.Equal(recording.Files.Count, blobs.Count);
        Assert.Equal(1, scene.Monitor.Current.Uploaded);
    }

    [Fact]
    public async Task RetentionDays_KeepsLocalCopiesUntilTheyAreThatOldAfterUpload()
    {
        await using var scene = await UploadScene.CreateAsync(new() { ["Retention:KeepLocalDays"] = "7", ["AzureBlob:ScanInterval"] = "01:00:00" });
        var recording = scene.Commit("call-kept");
        await scene.StartAsync();
        await Eventually.UntilAsync(() => scene.Monitor.Current.Uploaded == 1, "the recording is uploaded");

        scene.Time.Advance(TimeSpan.FromDays(6));
        await Eventually.UntilAsync(() => scene.Time.GetUtcNow() >= scene.Time.Start.AddDays(6) && scene.Monitor.Current.Pending == 0, "a pass six days on");
        Assert.All(recording.Files, file => Assert.True(File.Exists(Path.Combine(scene.Directory.Path, file)), $"{file} is kept for 7 days"));

        await Eventually.UntilAsync(
            () =>
            {
                scene.Time.Advance(TimeSpan.FromHours(1));
                return scene.Deleted.GetMeasurementSnapshot().Count == 1;
            },
            "local copies deleted 7 days after the upload");
        Assert.True(scene.Time.GetUtcNow() >= scene.Time.Start.AddDays(7), "not deleted before 7 days");
        Assert.Empty(Directory.GetFiles(scene.Directory.Path));
    }

    [Fact]
    public async Task RestartAfterUploadBeforeMarker_VerifiesTheBlobsThereAndWritesTheMarkerWithoutOverwriting()
    {
        await using var scene = await UploadScene.CreateAsync();
        var recording = scene.Commit("call-restart");
        await scene.ContainerClient.CreateIfNotExistsAsync();
        var mixed = recording.Files[0];
        var blob = scene.ContainerClient.GetBlobClient($"{recording.CallPart}/{mixed}");
        await blob.UploadAsync(new BinaryData(File.ReadAllBytes(Path.Combine(scene.Directory.Path, mixed))));
        var before = (await blob.GetPropertiesAsync()).Value.ETag;

        await scene.StartAsync();
        await Eventually.UntilAsync(() => scene.Monitor.Current.Uploaded == 1, "the recording is uploaded");

        Assert.Equal(before, (await blob.GetPropertiesAsync()).Value.ETag);
        Assert.Equal(recording.Files.Count, ReadMarker(scene, recording).Files.Count);
    }

    [Fact]
    public async Task BlobOfTheSameNameWithOtherContent_NotOverwrittenRecordingStaysLocalAndCountsAConflict()
    {
        await using var scene = await UploadScene.CreateAsync(new() { ["Retention:KeepLocalDays"] = "0" });
        var recording = scene.Commit("call-conflict");
        await scene.ContainerClient.CreateIfNotExistsAsync();
        var blob = scene.ContainerClient.GetBlobClient($"{recording.CallPart}/{recording.Files[0]}");
        await blob.UploadAsync(new BinaryData(Encoding.ASCII.GetBytes("someone else's")));

        await scene.StartAsync();
        await Eventually.UntilAsync(() => scene.Monitor.Current.FailedAttempts == 1, "the conflicting upload fails");

        Assert.Equal("conflict", Assert.Single(scene.Failures.GetMeasurementSnapshot()).Tags["reason"]);
        Assert.Equal("someone else's", (await blob.DownloadContentAsync()).Value.Content.ToString());
        Assert.All(recording.Files, file => Assert.True(File.Exists(Path.Combine(scene.Directory.Path, file)), $"{file} stays local"));
        Assert.Equal(1, scene.Monitor.Current.Pending);
        Assert.StartsWith("conflict: ", scene.Monitor.Current.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordingCommittedWhileRunning_UploadedWithoutWaitingForTheScan()
    {
        await using var scene = await UploadScene.CreateAsync(new() { ["AzureBlob:ScanInterval"] = "01:00:00", ["AzureBlob:BlobPrefix"] = "teams/" });
        await scene.StartAsync();
        await Eventually.UntilAsync(() => scene.Monitor.Current.Enabled, "the uploader runs");

        // The storage the recorder writes to tells the uploader of each committed metadata file.
        var storage = (CallingBot.Recording.Storage.FileSystemRecordingStorage)scene.Services.GetService(typeof(CallingBot.Recording.Storage.IRecordingStorage))!;
        var recording = scene.Commit("call-live");
        File.Move(Path.Combine(scene.Directory.Path, recording.BaseName + ".json"), Path.Combine(scene.Directory.Path, "metadata.tmp"));
        using (var file = storage.Create(recording.BaseName + ".json"))
        {
            file.Stream.Write(File.ReadAllBytes(Path.Combine(scene.Directory.Path, "metadata.tmp")));
            file.Commit();
        }

        File.Delete(Path.Combine(scene.Directory.Path, "metadata.tmp"));
        await Eventually.UntilAsync(() => scene.Monitor.Current.Uploaded == 1, "the committed recording is uploaded");

        Assert.Contains($"teams/{recording.CallPart}/{recording.BaseName}.json", (await scene.ReadBlobsAsync()).Keys);
    }

    private static UploadMarker ReadMarker(UploadScene scene, CommittedRecording recording) =>
        JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(scene.Directory.Path, recording.BaseName + UploadMarker.Suffix)), UploadMarkerJson.Default.UploadMarker)!;

    /// <summary>Kills Azurite when the first blob's upload request is about to go out: the storage fails in the middle of an upload.</summary>
    private sealed class OutageOnFirstBlobUpload(Func<AzuriteServer> azurite) : HttpPipelinePolicy
    {
        private int _triggered;

        public bool Triggered => Volatile.Read(ref _triggered) == 1;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (message.Request.Method == RequestMethod.Put && message.Request.Uri.Path.EndsWith(".wav", StringComparison.Ordinal) && Interlocked.Exchange(ref _triggered, 1) == 0)
            {
                await azurite().StopAsync();
            }

            await ProcessNextAsync(message, pipeline);
        }
    }
}
