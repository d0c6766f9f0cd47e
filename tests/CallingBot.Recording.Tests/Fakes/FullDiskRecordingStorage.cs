using CallingBot.Recording.Storage;

namespace CallingBot.Recording.Tests.Fakes;

/// <summary>
/// A real storage behind a disk of <c>capacity</c> bytes that fills up and stays full, failing as a file system does
/// (ENOSPC, or ERROR_DISK_FULL on Windows): a write that does not fit fails; a file that lost a write then fails every
/// flush, commit and its first close (a file stream's close writes what it still buffers); only deleting a file
/// (<see cref="IRecordingFile.Abort"/>) gives its bytes back.
/// </summary>
public sealed class FullDiskRecordingStorage(IRecordingStorage inner, long capacity) : IRecordingStorage
{
    private long _capacity = capacity;

    /// <summary>The <see cref="Exception.HResult"/> of "no space left on the device": ENOSPC (28) on Unix, 0x80070070 on Windows.</summary>
    public static readonly int DiskFullHResult = OperatingSystem.IsWindows() ? unchecked((int)0x80070070) : 28;

    private readonly Lock _gate = new();
    private long _used;
    private int _failures;

    /// <summary>Bytes the files hold now.</summary>
    public long Used
    {
        get
        {
            lock (_gate)
            {
                return _used;
            }
        }
    }

    /// <summary>The disk's size; set it to <see cref="Used"/> to fill the disk at once.</summary>
    public long Capacity
    {
        get
        {
            lock (_gate)
            {
                return _capacity;
            }
        }

        set
        {
            lock (_gate)
            {
                _capacity = value;
            }
        }
    }

    /// <summary>Storage operations that failed for lack of space.</summary>
    public int Failures => Volatile.Read(ref _failures);

    public IRecordingFile Create(string name) => new File(inner.Create(name), this);

    public IReadOnlyList<string> FindOrphans() => inner.FindOrphans();

    private IOException NoSpace(string name)
    {
        Interlocked.Increment(ref _failures);
        return new IOException($"No space left on device : '{name}'", DiskFullHResult);
    }

    private bool TryTake(long bytes)
    {
        lock (_gate)
        {
            if (_used + bytes > _capacity)
            {
                return false;
            }

            _used += bytes;
            return true;
        }
    }

    private void Give(long bytes)
    {
        lock (_gate)
        {
            _used -= bytes;
        }
    }

    private sealed class File : IRecordingFile
    {
        private readonly IRecordingFile _inner;
        private readonly FullDiskRecordingStorage _disk;
        private long _held;
        private bool _lostData;
        private bool _closed;

        public File(IRecordingFile inner, FullDiskRecordingStorage disk)
        {
            _inner = inner;
            _disk = disk;
            Stream = new QuotaStream(this);
        }

        public string Name => _inner.Name;

        public Stream Stream { get; }

        public void Flush()
        {
            ThrowIfLostData();
            _inner.Flush();
        }

        public long Commit()
        {
            ThrowIfLostData();
            _closed = true;
            return _inner.Commit();
        }

        public void Abort()
        {
            _closed = true;
            _inner.Abort();
            _disk.Give(_held);
            _held = 0;
        }

        public void Dispose()
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _inner.Dispose();
            ThrowIfLostData();
        }

        private void ThrowIfLostData()
        {
            if (_lostData)
            {
                throw _disk.NoSpace(Name);
            }
        }

        private void Write(ReadOnlySpan<byte> buffer)
        {
            var stream = _inner.Stream;
            var growth = Math.Max(0, stream.Position + buffer.Length - stream.Length);
            if (!_disk.TryTake(growth))
            {
                _lostData = true;
                throw _disk.NoSpace(Name);
            }

            _held += growth;
            stream.Write(buffer);
        }

        private sealed class QuotaStream(File file) : Stream
        {
            public override bool CanRead => file._inner.Stream.CanRead;

            public override bool CanSeek => file._inner.Stream.CanSeek;

            public override bool CanWrite => file._inner.Stream.CanWrite;

            public override long Length => file._inner.Stream.Length;

            public override long Position { get => file._inner.Stream.Position; set => file._inner.Stream.Position = value; }

            public override void Flush()
            {
                file.ThrowIfLostData();
                file._inner.Stream.Flush();
            }

            public override int Read(byte[] buffer, int offset, int count) => file._inner.Stream.Read(buffer, offset, count);

            public override long Seek(long offset, SeekOrigin origin) => file._inner.Stream.Seek(offset, origin);

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => file.Write(buffer.AsSpan(offset, count));

            public override void Write(ReadOnlySpan<byte> buffer) => file.Write(buffer);
        }
    }
}
