using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CallingBot.Core.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallingBot.Core.Recovery;

/// <summary>
/// The embedded store: an append-only journal (<c>live-calls.journal</c>) of JSON lines, each one call's record
/// (<c>{"save":{…}}</c>) or its removal (<c>{"remove":"…"}</c>), the last line of a call winning. A batch of changes is
/// appended with one write and made durable with one flush to disk, so a burst of calls costs one flush per batch
/// rather than a file, a flush and a rename per call. A crash leaves every batch that was acknowledged and at most a
/// cut-short last line, which is not taken for a record.
/// </summary>
/// <remarks>
/// <para>The journal is rewritten with the live records only (written to a temporary file, flushed, renamed over it)
/// when it is opened and when it has grown past <see cref="CompactionFloorBytes"/> and four times the live records.
/// Lines that cannot be read are logged and the journal as found is copied aside (<c>….unreadable</c>) before it is
/// rewritten: nothing is deleted unseen.</para>
/// <para>One process per directory: the store holds <c>live-calls.lock</c> exclusively while it is open, and every
/// operation of a second store on the same directory fails (and is tried again by its next operation).</para>
/// <para>Only the position of each live record in the journal is kept in memory; reads go to the file.</para>
/// </remarks>
internal sealed partial class FileLiveCallStore : ILiveCallStore, ILiveCallBatchStore, IDisposable
{
    /// <summary>A journal line above this size is not a record the bot wrote (saved state is capped at 16 KiB).</summary>
    internal const int MaxLineBytes = 64 * 1024;

    /// <summary>The journal is not rewritten below this size, however few of its lines are live.</summary>
    internal const long CompactionFloorBytes = 1024 * 1024;

    internal const string JournalName = "live-calls.journal";
    internal const string LockName = "live-calls.lock";

    private const int MaxProblemsLogged = 20;

    private static ReadOnlySpan<byte> SavePrefix => """{"save":"""u8;
    private static ReadOnlySpan<byte> SaveSuffix => "}\n"u8;

    private readonly string _directory;
    private readonly string _journalPath;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Where each live call's record JSON sits in the journal. Guarded by <see cref="_gate"/>.</summary>
    private readonly Dictionary<string, Placement> _live = new(StringComparer.OrdinalIgnoreCase);
    private FileStream? _lock;
    private FileStream? _journal;
    private long _length;
    private long _liveBytes;
    private bool _disposed;

    public FileLiveCallStore(string directory, ILogger logger, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(logger);
        _directory = Path.GetFullPath(directory);
        _journalPath = Path.Combine(_directory, JournalName);
        _logger = logger;
        _time = time ?? TimeProvider.System;
        System.IO.Directory.CreateDirectory(_directory);
    }

    public string Directory => _directory;

    /// <summary>Bytes in the journal file (for tests and diagnostics).</summary>
    internal long JournalBytes => Volatile.Read(ref _length);

    public ValueTask SaveAsync(LiveCallRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ApplyAsync([new LiveCallChange(record.CallId, record)], cancellationToken);
    }

    public ValueTask RemoveAsync(string callId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        return ApplyAsync([new LiveCallChange(callId, Record: null)], cancellationToken);
    }

    public async ValueTask ApplyAsync(IReadOnlyList<LiveCallChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var journal = Open();
            var buffer = new ArrayBufferWriter<byte>(1024);
            var placed = new Dictionary<string, Placement?>(StringComparer.OrdinalIgnoreCase);
            foreach (var change in changes)
            {
                ArgumentException.ThrowIfNullOrEmpty(change.CallId, nameof(changes));
                if (change.Record is { } record)
                {
                    var json = JsonSerializer.SerializeToUtf8Bytes(record, LiveCallRecordJson.Default.LiveCallRecord);
                    if (json.Length + SavePrefix.Length + SaveSuffix.Length > MaxLineBytes)
                    {
                        throw new ArgumentException($"The record of call {record.CallId} is {json.Length} bytes, above the {MaxLineBytes}-byte limit of a journal line.", nameof(changes));
                    }

                    buffer.Write(SavePrefix);
                    placed[record.CallId] = new Placement(_length + buffer.WrittenCount, json.Length);
                    buffer.Write(json);
                    buffer.Write(SaveSuffix);
                }
                else if (placed.TryGetValue(change.CallId, out var pending) ? pending is not null : _live.ContainsKey(change.CallId))
                {
                    // A call with no record gets no line: removing it again, or a call never recorded, costs nothing.
                    WriteRemoval(buffer, change.CallId);
                    placed[change.CallId] = null;
                }
            }

            if (buffer.WrittenCount == 0)
            {
                return;
            }

            Append(journal, buffer.WrittenSpan);
            foreach (var (callId, placement) in placed)
            {
                if (_live.Remove(callId, out var previous))
                {
                    _liveBytes -= previous.LineBytes;
                }

                if (placement is { } kept)
                {
                    _live[callId] = kept;
                    _liveBytes += kept.LineBytes;
                }
            }

            if (_length > CompactionFloorBytes && _length > 4 * _liveBytes)
            {
                TryCompact(journal);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<LiveCallRecord?> FindAsync(string callId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var journal = Open();
            return _live.TryGetValue(callId, out var placement) ? Read(journal, callId, placement) : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<IReadOnlyList<LiveCallRecord>> LoadAllAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var journal = Open();
            var records = new List<LiveCallRecord>(_live.Count);
            foreach (var (callId, placement) in _live)
            {
                if (Read(journal, callId, placement) is { } record)
                {
                    records.Add(record);
                }
            }

            return records;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _gate.Wait();
        try
        {
            _disposed = true;
            Close();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The open journal: on first use (or after a failure closed it) takes the lock, reads the journal and rewrites it.</summary>
    private FileStream Open()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_journal is { } open)
        {
            return open;
        }

        try
        {
            _lock ??= TakeLock();
            var journal = new FileStream(_journalPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
            try
            {
                _live.Clear();
                _liveBytes = 0;
                var problems = Load(journal);
                if (problems.Count > 0)
                {
                    SetAside(problems);
                }

                _length = journal.Length;
                journal = Compact(journal);
                _journal = journal;
                return journal;
            }
            catch
            {
                journal.Dispose();
                throw;
            }
        }
        catch
        {
            Close();
            throw;
        }
    }

    private FileStream TakeLock()
    {
        var path = Path.Combine(_directory, LockName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        }
        catch (IOException exception) when (exception is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new IOException($"The recovery directory {_directory} is in use by another process (it holds {LockName}); one bot process per directory.", exception);
        }
    }

    /// <summary>Reads every complete line of the journal into <see cref="_live"/>; returns what could not be read.</summary>
    private List<string> Load(FileStream journal)
    {
        var problems = new List<string>();
        var buffer = ArrayPool<byte>.Shared.Rent(MaxLineBytes + 1);
        try
        {
            journal.Position = 0;
            long bufferStart = 0;
            var filled = 0;
            var lineNumber = 0;
            var skipping = false;
            while (true)
            {
                var read = journal.Read(buffer, filled, MaxLineBytes + 1 - filled);
                filled += read;
                var start = 0;
                int newline;
                while ((newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n')) >= 0)
                {
                    lineNumber++;
                    if (skipping)
                    {
                        skipping = false;
                    }
                    else if (ReadLine(buffer.AsSpan(start, newline), bufferStart + start) is { } problem)
                    {
                        problems.Add(string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: {problem}"));
                    }

                    start += newline + 1;
                }

                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                bufferStart += start;
                filled -= start;
                if (read == 0)
                {
                    if (filled > 0 && !skipping)
                    {
                        problems.Add(string.Create(CultureInfo.InvariantCulture, $"line {lineNumber + 1}: incomplete, a write cut short ({filled} bytes)"));
                    }

                    return problems;
                }

                if (filled > MaxLineBytes)
                {
                    if (!skipping)
                    {
                        problems.Add(string.Create(CultureInfo.InvariantCulture, $"line {lineNumber + 1}: longer than {MaxLineBytes} bytes"));
                    }

                    skipping = true;
                    bufferStart += filled;
                    filled = 0;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Applies one journal line (at <paramref name="offset"/> in the file) to <see cref="_live"/>; returns why it cannot be read, or null.</summary>
    private string? ReadLine(ReadOnlySpan<byte> line, long offset)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
            {
                return "not a journal entry";
            }

            var save = reader.ValueTextEquals("save"u8);
            if (!save && !reader.ValueTextEquals("remove"u8))
            {
                return "not a journal entry";
            }

            reader.Read();
            string callId;
            Placement? placement = null;
            if (save)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var length = (int)reader.BytesConsumed - start;
                var record = JsonSerializer.Deserialize(line.Slice(start, length), LiveCallRecordJson.Default.LiveCallRecord);
                if (record is null || string.IsNullOrEmpty(record.CallId))
                {
                    return "a record without a call id";
                }

                callId = record.CallId;
                placement = new Placement(offset + start, length, LineBytes: line.Length + 1);
            }
            else
            {
                callId = reader.TokenType == JsonTokenType.String ? reader.GetString()! : string.Empty;
                if (callId.Length == 0)
                {
                    return "a removal without a call id";
                }
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return "not a journal entry";
            }

            if (_live.Remove(callId, out var previous))
            {
                _liveBytes -= previous.LineBytes;
            }

            if (placement is { } kept)
            {
                _live[callId] = kept;
                _liveBytes += kept.LineBytes;
            }

            return null;
        }
        catch (JsonException exception)
        {
            return exception.Message;
        }
    }

    private LiveCallRecord? Read(FileStream journal, string callId, Placement placement)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(placement.Length);
        try
        {
            var bytes = buffer.AsSpan(0, placement.Length);
            if (RandomAccess.Read(journal.SafeFileHandle, bytes, placement.Offset) != placement.Length)
            {
                throw new IOException($"The live call journal {_journalPath} is shorter than its records: it was changed by another process.");
            }

            var record = JsonSerializer.Deserialize(bytes, LiveCallRecordJson.Default.LiveCallRecord);
            return record is null ? null : record with { State = record.State ?? Handlers.EmptyState.Instance };
        }
        catch (JsonException exception)
        {
            Log.Unreadable(_logger, JournalName, $"the record of call {callId} changed since it was written: {exception.Message}", "(not copied)");
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Append(FileStream journal, ReadOnlySpan<byte> bytes)
    {
        try
        {
            journal.Position = _length;
            journal.Write(bytes);
            journal.Flush(flushToDisk: true);
            _length += bytes.Length;
        }
        catch
        {
            // Take back what may have been written; if even that fails, the journal is read again on the next use.
            try
            {
                journal.SetLength(_length);
            }
            catch (Exception)
            {
                Close();
            }

            throw;
        }
    }

    /// <summary>Rewrites the journal with the live records only (temporary file, flushed, renamed over the journal); returns the new journal.</summary>
    private FileStream Compact(FileStream journal)
    {
        var temporary = _journalPath + ".tmp";
        var placements = new Dictionary<string, Placement>(_live.Count, StringComparer.OrdinalIgnoreCase);
        long written = 0;
        using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 64 * 1024))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(MaxLineBytes);
            try
            {
                foreach (var (callId, placement) in _live)
                {
                    var record = buffer.AsSpan(0, placement.Length);
                    RandomAccess.Read(journal.SafeFileHandle, record, placement.Offset);
                    output.Write(SavePrefix);
                    output.Write(record);
                    output.Write(SaveSuffix);
                    var line = SavePrefix.Length + placement.Length + SaveSuffix.Length;
                    placements[callId] = new Placement(written + SavePrefix.Length, placement.Length, line);
                    written += line;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            output.Flush(flushToDisk: true);
        }

        journal.Dispose();
        _journal = null;
        File.Move(temporary, _journalPath, overwrite: true);
        var compacted = new FileStream(_journalPath, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        _live.Clear();
        foreach (var (callId, placement) in placements)
        {
            _live[callId] = placement;
        }

        _length = written;
        _liveBytes = written;
        return compacted;
    }

    private void TryCompact(FileStream journal)
    {
        var before = _length;
        try
        {
            _journal = Compact(journal);
            Log.Compacted(_logger, before, _length, _live.Count);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The appended batch is durable either way; a journal left closed is read again on the next use.
            Log.CompactionFailed(_logger, exception, before);
            if (_journal is null)
            {
                Close();
            }
        }
    }

    private void SetAside(List<string> problems)
    {
        var aside = string.Create(CultureInfo.InvariantCulture, $"{_journalPath}.{_time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}.unreadable");
        try
        {
            File.Copy(_journalPath, aside, overwrite: true);
        }
        catch (IOException exception)
        {
            throw new IOException($"The live call journal {_journalPath} has lines that cannot be read and could not be copied aside to {aside}; it is left as it is.", exception);
        }

        foreach (var problem in problems.Take(MaxProblemsLogged))
        {
            Log.Unreadable(_logger, JournalName, problem, Path.GetFileName(aside));
        }

        if (problems.Count > MaxProblemsLogged)
        {
            Log.Unreadable(_logger, JournalName, $"{problems.Count - MaxProblemsLogged} more lines", Path.GetFileName(aside));
        }
    }

    private void Close()
    {
        _journal?.Dispose();
        _journal = null;
        _lock?.Dispose();
        _lock = null;
    }

    private static void WriteRemoval(ArrayBufferWriter<byte> buffer, string callId)
    {
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        writer.WriteString("remove"u8, callId);
        writer.WriteEndObject();
        writer.Flush();
        buffer.Write("\n"u8);
    }

    /// <summary>Where a record's JSON is in the journal, and the size of its whole line.</summary>
    private readonly record struct Placement(long Offset, int Length, int LineBytes)
    {
        public Placement(long offset, int length)
            : this(offset, length, SavePrefix.Length + length + SaveSuffix.Length)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = CoreEventIds.LiveCallRecordUnreadable, EventName = nameof(CoreEventIds.LiveCallRecordUnreadable), Level = LogLevel.Error, Message = "Live call journal {File} cannot be read in part ({Reason}); the journal as found is kept as {Aside}, a call whose record was there is not taken over from it")]
        public static partial void Unreadable(ILogger logger, string file, string reason, string aside);

        [LoggerMessage(EventId = CoreEventIds.LiveCallJournalCompacted, EventName = nameof(CoreEventIds.LiveCallJournalCompacted), Level = LogLevel.Debug, Message = "Live call journal rewritten: {Before} bytes to {After} bytes, {Calls} live calls")]
        public static partial void Compacted(ILogger logger, long before, long after, int calls);

        [LoggerMessage(EventId = CoreEventIds.LiveCallJournalCompactionFailed, EventName = nameof(CoreEventIds.LiveCallJournalCompactionFailed), Level = LogLevel.Warning, Message = "The live call journal ({Before} bytes) could not be rewritten with its live records only; it keeps growing until a rewrite succeeds (tried again as it grows)")]
        public static partial void CompactionFailed(ILogger logger, Exception exception, long before);
    }
}

/// <summary>One change of the live call store: the call's new record, or its removal (<see cref="Record"/> null).</summary>
internal readonly record struct LiveCallChange(string CallId, LiveCallRecord? Record);

/// <summary>A store that applies several changes at once, in order, at the cost of one (the journal's writer uses it).</summary>
internal interface ILiveCallBatchStore
{
    ValueTask ApplyAsync(IReadOnlyList<LiveCallChange> changes, CancellationToken cancellationToken);
}

[JsonSourceGenerationOptions(UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LiveCallRecord))]
internal sealed partial class LiveCallRecordJson : JsonSerializerContext;
