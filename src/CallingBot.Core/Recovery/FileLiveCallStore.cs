using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CallingBot.Core.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallingBot.Core.Recovery;

/// <summary>
/// The embedded store: one small JSON file per call in a directory, replaced atomically (written to a temporary file,
/// flushed to disk, then renamed over the old one), so a crash leaves either the old record or the new one. A file
/// that cannot be read is moved aside (<c>.unreadable</c>) and logged, never deleted.
/// </summary>
internal sealed partial class FileLiveCallStore : ILiveCallStore
{
    /// <summary>A record file above this size is not a record the bot wrote (saved state is capped at 16 KiB).</summary>
    internal const int MaxFileBytes = 64 * 1024;

    private const string Extension = ".call.json";

    private readonly string _directory;
    private readonly ILogger _logger;

    public FileLiveCallStore(string directory, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = Path.GetFullPath(directory);
        _logger = logger;
        System.IO.Directory.CreateDirectory(_directory);
    }

    public string Directory => _directory;

    public async ValueTask SaveAsync(LiveCallRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var path = PathOf(record.CallId);
        var temporary = path + ".tmp";
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, LiveCallRecordJson.Default.LiveCallRecord);
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public ValueTask RemoveAsync(string callId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        File.Delete(PathOf(callId));
        return ValueTask.CompletedTask;
    }

    public async ValueTask<LiveCallRecord?> FindAsync(string callId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        var record = await ReadAsync(PathOf(callId), cancellationToken).ConfigureAwait(false);
        return record is not null && string.Equals(record.CallId, callId, StringComparison.OrdinalIgnoreCase) ? record : null;
    }

    public async ValueTask<IReadOnlyList<LiveCallRecord>> LoadAllAsync(CancellationToken cancellationToken)
    {
        var records = new List<LiveCallRecord>();
        foreach (var path in System.IO.Directory.EnumerateFiles(_directory, "*" + Extension))
        {
            if (await ReadAsync(path, cancellationToken).ConfigureAwait(false) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    private async Task<LiveCallRecord?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return null;
            }

            if (info.Length > MaxFileBytes)
            {
                SetAside(path, $"larger than {MaxFileBytes} bytes");
                return null;
            }

            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        try
        {
            var record = JsonSerializer.Deserialize(bytes, LiveCallRecordJson.Default.LiveCallRecord);
            if (record is null || string.IsNullOrEmpty(record.CallId) || !string.Equals(PathOf(record.CallId), path, StringComparison.Ordinal))
            {
                SetAside(path, "not a call record of this store");
                return null;
            }

            return record with { State = record.State ?? Handlers.EmptyState.Instance };
        }
        catch (JsonException exception)
        {
            SetAside(path, exception.Message);
            return null;
        }
    }

    private void SetAside(string path, string reason)
    {
        var aside = path + ".unreadable";
        try
        {
            File.Move(path, aside, overwrite: true);
        }
        catch (IOException)
        {
            // Left where it is; it is reported again at the next start.
        }

        Log.Unreadable(_logger, Path.GetFileName(path), reason, aside);
    }

    /// <summary>The file of a call: named by a hash of the id, so any id the service sends maps to one safe file name.</summary>
    private string PathOf(string callId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(callId.ToLowerInvariant()));
        return Path.Combine(_directory, Convert.ToHexStringLower(hash.AsSpan(0, 16)) + Extension);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = CoreEventIds.LiveCallRecordUnreadable, EventName = nameof(CoreEventIds.LiveCallRecordUnreadable), Level = LogLevel.Error, Message = "Live call record {File} cannot be read ({Reason}); moved to {Aside}, its call is not taken over from it")]
        public static partial void Unreadable(ILogger logger, string file, string reason, string aside);
    }
}

[JsonSourceGenerationOptions(UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LiveCallRecord))]
internal sealed partial class LiveCallRecordJson : JsonSerializerContext;
