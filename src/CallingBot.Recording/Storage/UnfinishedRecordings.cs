using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CallingBot.Recording.Compliance;
using CallingBot.Recording.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallingBot.Recording.Storage;

/// <summary>
/// Finalizes the WAV files a process was writing when it was killed (left as <c>NAME.wav.partial</c>): each file's
/// header gets the sizes of the audio actually written, the file is renamed to <c>NAME.wav</c>, and a call that has no
/// metadata gets one with status <c>incomplete</c>. Nothing is deleted. A file another process still writes (it holds
/// the file open) is left alone, so instances sharing one recording directory can run this at any start.
/// </summary>
public sealed partial class UnfinishedRecordings(FileSystemRecordingStorage storage, TimeProvider time, ILogger<UnfinishedRecordings> logger)
{
    /// <summary>The metadata status of a call whose recording was cut short by the end of its process.</summary>
    public const string IncompleteStatus = "incomplete";

    private const int HeaderBytes = 44;
    private const string WavSuffix = ".wav";

    /// <summary>Finalizes every unfinished WAV file of the directory; returns the files finalized.</summary>
    public IReadOnlyList<string> FinalizeAll(CancellationToken cancellationToken = default)
    {
        var finalized = new List<RecordedFile>();
        var endedAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var path in storage.FindOrphans())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileName(path)[..^FileSystemRecordingStorage.PartialSuffix.Length];
            if (!name.EndsWith(WavSuffix, StringComparison.Ordinal))
            {
                // The metadata reserve and a metadata file cut short stay as they are.
                continue;
            }

            if (TryFinalize(path, name) is { } file)
            {
                finalized.Add(file);
                var baseName = BaseName(name);
                var written = new DateTimeOffset(File.GetLastWriteTimeUtc(Path.Combine(storage.Directory, name)), TimeSpan.Zero);
                endedAt[baseName] = endedAt.TryGetValue(baseName, out var known) && known > written ? known : written;
            }
        }

        foreach (var call in finalized.GroupBy(f => BaseName(f.Name)))
        {
            WriteMetadata(call.Key, [.. call.OrderBy(f => f.Name, StringComparer.Ordinal)], endedAt[call.Key]);
        }

        return [.. finalized.Select(f => f.Name)];
    }

    private RecordedFile? TryFinalize(string path, string name)
    {
        var final = Path.Combine(storage.Directory, name);
        if (File.Exists(final))
        {
            Log.Skipped(logger, name, "a finished file of that name exists");
            return null;
        }

        long audioBytes;
        long bytes;
        try
        {
            // Exclusive: a process still writing the file holds it open, and the open fails.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            Span<byte> header = stackalloc byte[HeaderBytes];
            if (stream.Length < HeaderBytes || stream.Read(header) < HeaderBytes
                || !header[..4].SequenceEqual("RIFF"u8) || !header[8..12].SequenceEqual("WAVE"u8) || !header[36..40].SequenceEqual("data"u8))
            {
                Log.Skipped(logger, name, "not a WAV file this bot writes (no complete header)");
                return null;
            }

            var blockAlign = Math.Max((int)BinaryPrimitives.ReadUInt16LittleEndian(header[32..34]), 1);
            audioBytes = Math.Min((stream.Length - HeaderBytes) / blockAlign * blockAlign, uint.MaxValue - HeaderBytes);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..8], (uint)(HeaderBytes - 8 + audioBytes));
            BinaryPrimitives.WriteUInt32LittleEndian(header[40..44], (uint)audioBytes);
            stream.Position = 0;
            stream.Write(header);
            stream.Flush(flushToDisk: true);
            bytes = stream.Length;
        }
        catch (IOException exception)
        {
            Log.Skipped(logger, name, exception.GetType().Name + ": in use or unreadable");
            return null;
        }

        File.Move(path, final, overwrite: false);
        Log.Finalized(logger, name, audioBytes);
        return new RecordedFile(name, name.EndsWith(".mixed.wav", StringComparison.Ordinal) ? "mixed" : "participant", null, Segment(name), bytes, audioBytes, Sha256(final), Committed: true);
    }

    private void WriteMetadata(string baseName, IReadOnlyList<RecordedFile> files, DateTimeOffset endedAt)
    {
        var metadataName = baseName + ".json";
        if (File.Exists(Path.Combine(storage.Directory, metadataName)))
        {
            return;
        }

        var metadata = new RecordingMetadata(
            CallId: CallIdPart(baseName),
            PolicyIdentifier: null,
            Status: IncompleteStatus,
            StartedAt: StartedAt(baseName) ?? endedAt,
            EndedAt: endedAt,
            Participants: [],
            Files: files,
            MixedOnlyParticipants: [],
            Failure: $"The process recording this call stopped before finishing the recording; the files hold the audio written up to then (finalized at {time.GetUtcNow():O}). The call id is as in the file names.");
        using var file = storage.Create(metadataName);
        JsonSerializer.Serialize(file.Stream, metadata, RecordingMetadataJson.Default.RecordingMetadata);
        file.Commit();
        Log.MetadataWritten(logger, metadataName, files.Count);
    }

    /// <summary><c>{start}_{call part}</c>: the name up to its first dot (neither part contains one).</summary>
    private static string BaseName(string name) => name[..name.IndexOf('.', StringComparison.Ordinal)];

    private static int Segment(string name)
    {
        var parts = name.Split('.');
        return parts.Length > 2 && parts[1].StartsWith('s') && int.TryParse(parts[1].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var segment) ? segment : 0;
    }

    private static DateTimeOffset? StartedAt(string baseName) =>
        DateTimeOffset.TryParseExact(baseName[..Math.Max(baseName.IndexOf('_', StringComparison.Ordinal), 0)], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var started) ? started : null;

    /// <summary>The call id as the file name keeps it: up to its first 40 characters (all of a GUID), before the hash.</summary>
    private static string CallIdPart(string baseName)
    {
        var part = baseName[(baseName.IndexOf('_', StringComparison.Ordinal) + 1)..];
        var hash = part.LastIndexOf('-');
        return hash > 0 ? part[..hash] : part;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = RecordingEventIds.UnfinishedRecordingFinalized, EventName = nameof(RecordingEventIds.UnfinishedRecordingFinalized), Level = LogLevel.Warning, Message = "Unfinished recording file {Name} finalized with the {AudioBytes} audio bytes written before its process stopped")]
        public static partial void Finalized(ILogger logger, string name, long audioBytes);

        [LoggerMessage(EventId = RecordingEventIds.UnfinishedRecordingSkipped, EventName = nameof(RecordingEventIds.UnfinishedRecordingSkipped), Level = LogLevel.Information, Message = "Unfinished recording file {Name} left as it is: {Why}")]
        public static partial void Skipped(ILogger logger, string name, string why);

        [LoggerMessage(EventId = RecordingEventIds.UnfinishedRecordingMetadataWritten, EventName = nameof(RecordingEventIds.UnfinishedRecordingMetadataWritten), Level = LogLevel.Warning, Message = "Metadata {Name} written for {Files} finalized file(s) of a recording cut short, marked incomplete")]
        public static partial void MetadataWritten(ILogger logger, string name, int files);
    }
}
