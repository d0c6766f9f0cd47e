using CallingBot.Recording.Storage;

namespace CallingBot.Recording.Tests.Fakes;

/// <summary>Wraps a real storage; while <see cref="Closed"/>, flushing a file to disk (fsync) waits, like a stalled disk or mount.</summary>
public sealed class GatedRecordingStorage(IRecordingStorage inner) : IRecordingStorage, IDisposable
{
    private readonly ManualResetEventSlim _open = new(initialState: true);
    private volatile bool _waiting;

    /// <summary>True while a flush is waiting at the gate.</summary>
    public bool Waiting => _waiting;

    public bool Closed
    {
        get => !_open.IsSet;
        set
        {
            if (value)
            {
                _open.Reset();
            }
            else
            {
                _open.Set();
            }
        }
    }

    public IRecordingFile Create(string name) => new File(inner.Create(name), this);

    public IReadOnlyList<string> FindOrphans() => inner.FindOrphans();

    public void Dispose() => _open.Dispose();

    private void Pass()
    {
        _waiting = true;
        _open.Wait();
        _waiting = false;
    }

    private sealed class File(IRecordingFile inner, GatedRecordingStorage owner) : IRecordingFile
    {
        public string Name => inner.Name;

        public Stream Stream => inner.Stream;

        public void Flush()
        {
            owner.Pass();
            inner.Flush();
        }

        public long Commit()
        {
            owner.Pass();
            return inner.Commit();
        }

        public void Abort() => inner.Abort();

        public void Dispose() => inner.Dispose();
    }
}
