using System.Text.Json;
using Azure;
using CallingBot.Recording.Compliance;
using CallingBot.Recording.Diagnostics;
using CallingBot.Recording.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallingBot.Recording.Upload;

/// <summary>
/// Uploads committed recordings from the local directory to Azure Blob Storage (with <c>CallingBot:Recording:Storage</c>
/// <c>AzureBlob</c>). A recording is ready once its metadata <c>{start}_{call}.json</c> is committed (the recorder
/// commits it after every WAV file). Each file (WAV files first, the metadata last) becomes the block blob
/// <c>{BlobPrefix}{call}/{file}</c>, verified by the MD5 the service computed; only then is the marker
/// <c>{start}_{call}.uploaded</c> committed next to the metadata. A failed attempt leaves everything local and is
/// retried after <see cref="AzureBlobRecordingOptions.RetryDelay"/>, doubled per failure up to
/// <see cref="AzureBlobRecordingOptions.MaxRetryDelay"/> (on the injected <see cref="TimeProvider"/>). The directory is
/// the only state: at start the uploader resumes with whatever has no marker. Local copies are deleted only after a
/// verified upload, and only as <see cref="RecordingRetentionOptions.KeepLocalDays"/> says.
/// </summary>
/// <remarks>One loop, started by <see cref="StartAsync"/> and ended by <see cref="StopAsync"/>; recordings are uploaded one at a time.</remarks>
internal sealed partial class RecordingUploader(
    IOptions<ComplianceRecordingOptions> options,
    TimeProvider time,
    RecordingUploadMonitor monitor,
    UploadSignal signal,
    RecordingBlobContainerFactory containers,
    ILogger<RecordingUploader> logger,
    RecordingMetrics? metrics = null) : IHostedService, IDisposable
{
    private const string MetadataSuffix = ".json";

    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, Retry> _retries = new(StringComparer.Ordinal);
    private Task _run = Task.CompletedTask;

    /// <summary>Consecutive attempts the storage itself failed, and when it is tried again.</summary>
    private int _storageFailures;
    private DateTimeOffset _storageDue;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Storage != RecordingStorageKind.AzureBlob)
        {
            return Task.CompletedTask;
        }

        var container = new RecordingBlobContainer(containers.Create(settings.AzureBlob));
        var directory = Path.GetFullPath(settings.Directory);
        monitor.Update(_ => RecordingUploadStatus.Disabled with { Enabled = true });
        Log.Started(logger, container.Url, directory, settings.Retention.KeepLocalDays switch
        {
            null => "kept",
            0 => "deleted once verified",
            var days => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"deleted {days} day(s) after verification"),
        });
        var stopping = _stopping.Token;
        _run = Task.Run(() => RunAsync(container, directory, settings, stopping), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _run.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RunAsync(RecordingBlobContainer container, string directory, ComplianceRecordingOptions settings, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await PassAsync(container, directory, settings, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Scanning itself failed (the directory vanished, a permission changed): say so, and look again later.
                Log.PassFailed(logger, exception, directory);
            }

            try
            {
                await WaitAsync(settings.AzureBlob.ScanInterval, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One look at the directory: uploads what is due, applies the retention, updates the status. While the storage
    /// fails (unreachable, refusing the credential) nothing else is tried until its own backoff is over, so a long
    /// outage costs one attempt per backoff, not one per waiting recording.
    /// </summary>
    private async Task PassAsync(RecordingBlobContainer container, string directory, ComplianceRecordingOptions settings, CancellationToken stopping)
    {
        var pending = FindPending(directory);
        var waiting = pending.Count;
        Report(waiting);
        foreach (var metadataPath in pending)
        {
            stopping.ThrowIfCancellationRequested();
            if (_storageDue > time.GetUtcNow())
            {
                break;
            }

            var key = Path.GetFileName(metadataPath);
            if (_retries.TryGetValue(key, out var retry) && retry.Due > time.GetUtcNow())
            {
                continue;
            }

            var reason = await TryUploadAsync(container, directory, metadataPath, settings, stopping).ConfigureAwait(false);
            if (reason is null)
            {
                _retries.Remove(key);
                _storageFailures = 0;
                Report(--waiting);
            }
            else if (reason == "storage")
            {
                _storageFailures++;
                _storageDue = time.GetUtcNow() + Backoff(settings.AzureBlob, _storageFailures);
            }
            else
            {
                var attempts = (retry?.Attempts ?? 0) + 1;
                _retries[key] = new Retry(attempts, time.GetUtcNow() + Backoff(settings.AzureBlob, attempts));
            }
        }

        // Recordings that vanished (deleted by hand, uploaded by another instance) need no retry.
        foreach (var gone in _retries.Keys.Where(k => !File.Exists(Path.Combine(directory, k))).ToArray())
        {
            _retries.Remove(gone);
        }

        if (settings.Retention.KeepLocalDays is { } days)
        {
            ApplyRetention(directory, TimeSpan.FromDays(days));
        }
    }

    /// <summary>Null when the recording was uploaded and verified; otherwise the failure's reason.</summary>
    private async Task<string?> TryUploadAsync(RecordingBlobContainer container, string directory, string metadataPath, ComplianceRecordingOptions settings, CancellationToken stopping)
    {
        var metadataName = Path.GetFileName(metadataPath);
        var baseName = metadataName[..^MetadataSuffix.Length];
        try
        {
            var metadata = ReadMetadata(metadataPath);
            var callPart = CallPart(baseName);
            var uploaded = new List<UploadedFile>();
            await container.EnsureExistsAsync(stopping).ConfigureAwait(false);
            foreach (var file in metadata.Files.Where(f => f.Committed).DistinctBy(f => f.Name, StringComparer.Ordinal))
            {
                var path = Path.Combine(directory, file.Name);
                if (!File.Exists(path))
                {
                    throw new RecordingUploadException("local", $"'{file.Name}', listed as committed in {metadataName}, is not in the recording directory.");
                }

                var blobMetadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["kind"] = file.Kind, ["segment"] = file.Segment.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                if (file.Sha256 is { } sha256)
                {
                    blobMetadata["sha256"] = sha256;
                }

                uploaded.Add(await container.UploadAsync(path, BlobName(settings.AzureBlob.BlobPrefix, callPart, file.Name), "audio/wav", blobMetadata, stopping).ConfigureAwait(false));
            }

            var metadataBlob = new Dictionary<string, string>(StringComparer.Ordinal) { ["kind"] = "metadata", ["status"] = metadata.Status };
            uploaded.Add(await container.UploadAsync(metadataPath, BlobName(settings.AzureBlob.BlobPrefix, callPart, metadataName), "application/json", metadataBlob, stopping).ConfigureAwait(false));
            WriteMarker(directory, baseName, new UploadMarker(time.GetUtcNow(), container.Url, uploaded));
            metrics?.Uploads.Add(1);
            monitor.Update(s => s with { Uploaded = s.Uploaded + 1, ConsecutiveFailures = 0, LastUploadAt = time.GetUtcNow() });
            var failedBefore = (_retries.TryGetValue(metadataName, out var retried) ? retried.Attempts : 0) + _storageFailures;
            if (failedBefore > 0)
            {
                Log.Recovered(logger, metadataName, failedBefore);
            }

            Log.Uploaded(logger, metadata.CallId, uploaded.Count, uploaded.Sum(f => f.Bytes), container.Url);
            return null;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (Reason(exception) is { } reason)
        {
            var attempts = (reason == "storage" ? _storageFailures : _retries.TryGetValue(metadataName, out var retry) ? retry.Attempts : 0) + 1;
            var next = Backoff(settings.AzureBlob, attempts);
            metrics?.UploadFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));
            monitor.Update(s => s with { FailedAttempts = s.FailedAttempts + 1, ConsecutiveFailures = s.ConsecutiveFailures + 1, LastFailureAt = time.GetUtcNow(), LastError = Describe(exception) });
            switch (reason)
            {
                case "conflict":
                    Log.Conflict(logger, exception, metadataName, next);
                    break;
                case "local":
                    Log.Unreadable(logger, exception, metadataName, next);
                    break;
                default:
                    Log.UploadFailed(logger, exception, metadataName, attempts, next);
                    break;
            }

            return reason;
        }
    }

    private void ApplyRetention(string directory, TimeSpan keep)
    {
        foreach (var markerPath in Directory.EnumerateFiles(directory, "*" + UploadMarker.Suffix).Order(StringComparer.Ordinal).ToArray())
        {
            try
            {
                UploadMarker marker;
                using (var stream = File.OpenRead(markerPath))
                {
                    marker = JsonSerializer.Deserialize(stream, UploadMarkerJson.Default.UploadMarker)
                        ?? throw new JsonException("The marker is empty.");
                }

                if (marker.UploadedAt + keep > time.GetUtcNow())
                {
                    continue;
                }

                // The files, the metadata (listed last), then the marker: a deletion cut short is finished by the next pass.
                foreach (var file in marker.Files)
                {
                    File.Delete(Path.Combine(directory, Path.GetFileName(file.Name)));
                }

                File.Delete(markerPath);
                metrics?.LocalCopiesDeleted.Add(1);
                Log.LocalCopiesDeleted(logger, Path.GetFileName(markerPath), marker.Files.Count, marker.UploadedAt);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
            {
                Log.LocalCopiesDeleteFailed(logger, exception, Path.GetFileName(markerPath));
            }
        }
    }

    /// <summary>Committed metadata files with no upload marker, oldest name (start time) first.</summary>
    private static List<string> FindPending(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*" + MetadataSuffix)
                .Where(path => path.EndsWith(MetadataSuffix, StringComparison.Ordinal)
                    && !File.Exists(string.Concat(path.AsSpan(0, path.Length - MetadataSuffix.Length), UploadMarker.Suffix)))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    private void Report(int pending)
    {
        metrics?.SetPendingUploads(pending);
        monitor.Update(s => s with { Pending = pending });
    }

    private async Task WaitAsync(TimeSpan scanInterval, CancellationToken stopping)
    {
        // The next pass: the scan, a recording's retry, or the storage's (no recording is tried before the storage's).
        var now = time.GetUtcNow();
        var floor = _storageDue > now ? _storageDue : now;
        var next = now + scanInterval;
        foreach (var retry in _retries.Values)
        {
            var due = retry.Due > floor ? retry.Due : floor;
            next = due < next ? due : next;
        }

        next = _storageDue > now && _storageDue < next ? _storageDue : next;
        var wait = next - now;

        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var delay = Task.Delay(wait, time, waiting.Token);
        var woken = signal.WaitAsync(waiting.Token);
        await Task.WhenAny(delay, woken).ConfigureAwait(false);
        await waiting.CancelAsync().ConfigureAwait(false);
        stopping.ThrowIfCancellationRequested();
        try
        {
            await Task.WhenAll(delay, woken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The other wait, cancelled above.
        }
    }

    private static RecordingMetadata ReadMetadata(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, RecordingMetadataJson.Default.RecordingMetadata)
                ?? throw new RecordingUploadException("local", $"'{Path.GetFileName(path)}' is empty.");
        }
        catch (JsonException exception)
        {
            throw new RecordingUploadException($"'{Path.GetFileName(path)}' is not recording metadata: {exception.Message}", exception);
        }
    }

    private static void WriteMarker(string directory, string baseName, UploadMarker marker)
    {
        var storage = new FileSystemRecordingStorage(directory);
        using var file = storage.Create(baseName + UploadMarker.Suffix);
        JsonSerializer.Serialize(file.Stream, marker, UploadMarkerJson.Default.UploadMarker);
        file.Commit();
    }

    /// <summary><c>{prefix}{call}/{file}</c>: every file of a call (all its segments) under one virtual folder.</summary>
    internal static string BlobName(string prefix, string callPart, string fileName) => $"{prefix}{callPart}/{fileName}";

    /// <summary>The call part of <c>{start}_{call}</c> (the file names' bounded, safe form of the call id).</summary>
    internal static string CallPart(string baseName)
    {
        var underscore = baseName.IndexOf('_', StringComparison.Ordinal);
        return underscore >= 0 ? baseName[(underscore + 1)..] : baseName;
    }

    internal static TimeSpan Backoff(AzureBlobRecordingOptions options, int attempts)
    {
        var delay = options.RetryDelay * Math.Pow(2, Math.Min(attempts - 1, 30));
        return delay < options.MaxRetryDelay ? delay : options.MaxRetryDelay;
    }

    private static string? Reason(Exception exception) => exception switch
    {
        RecordingUploadException upload => upload.Reason,
        RequestFailedException or HttpRequestException or Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException => "storage",
        OperationCanceledException or TimeoutException => "storage",
        IOException or UnauthorizedAccessException => "local",
        AggregateException aggregate when aggregate.InnerExceptions.All(e => Reason(e) is not null) => Reason(aggregate.InnerExceptions[0]),
        _ => null,
    };

    /// <summary>The exception's type and, for the service's answers, its status and error code: enough to act on, never a secret.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        RequestFailedException failed when failed.Status == 0 => $"{nameof(RequestFailedException)}: the storage service could not be reached ({failed.InnerException?.GetType().Name ?? "no response"})",
        RequestFailedException failed => $"{nameof(RequestFailedException)}: status {failed.Status}, {failed.ErrorCode ?? "no error code"}",
        RecordingUploadException upload => $"{upload.Reason}: {upload.Message}",
        AggregateException aggregate => Describe(aggregate.InnerExceptions[0]),
        _ => exception.GetType().Name,
    };

    private sealed record Retry(int Attempts, DateTimeOffset Due);
}
