namespace CallingBot.Core.Tests.Fakes;

/// <summary>A <see cref="RecordingHandler"/> that only implements <see cref="IDisposable"/>.</summary>
public sealed class SyncDisposableRecordingHandler : RecordingHandler, IDisposable
{
    private int _disposeCount;

    public int DisposeCount => Volatile.Read(ref _disposeCount);

    public void Dispose()
    {
        Interlocked.Increment(ref _disposeCount);
        Record("Disposed");
    }
}
