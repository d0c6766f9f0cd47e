using CallingBot.Recording.Storage;

namespace CallingBot.Recording.Tests.Fakes;

/// <summary>Wraps a real storage and fails like a full disk once <see cref="FailWrites"/> is set, or refuses access on create.</summary>
public sealed class FailingRecordingStorage(IRecordingStorage inner) : IRecordingStorage
{
    private volatile bool _failWrites;
    private volatile bool _denyCreate;

    public bool FailWrites { get => _failWrites; set => _failWrites = value; }

    public bool DenyCreate { get => _denyCreate; set => _denyCreate = value; }

    public IRecordingFile Create(string name)
    {
        if (DenyCreate)
        {
            throw new UnauthorizedAccessException($"Access to the path '{name}' is denied.");
        }

        return new File(inner.Create(name), this);
    }

    public IReadOnlyList<string> FindOrphans() => inner.FindOrphans();

    private sealed class File(IRecordingFile inner, FailingRecordingStorage owner) : IRecordingFile
    {
        private readonly FailingStream _stream = new(inner.Stream, owner);

        public string Name => inner.Name;

        public Stream Stream => _stream;

        public void Flush()
        {
            owner.ThrowIfFull();
            inner.Flush();
        }

        public long Commit() => inner.Commit();

        public void Abort() => inner.Abort();

        public void Dispose() => inner.Dispose();
    }

    private void ThrowIfFull()
    {
        if (FailWrites)
        {
            throw new IOException("There is not enough space on the disk.");
        }
    }

    private sealed class FailingStream(Stream inner, FailingRecordingStorage owner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush()
        {
            owner.ThrowIfFull();
            inner.Flush();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count)
        {
            owner.ThrowIfFull();
            inner.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            owner.ThrowIfFull();
            inner.Write(buffer);
        }
    }
}
