namespace CallingBot.Core.Tests.Fakes;

/// <summary>A <see cref="RecordingHandler"/> that records its asynchronous disposal.</summary>
public sealed class DisposableRecordingHandler : RecordingHandler, IAsyncDisposable
{
    private int _disposeCount;

    public int DisposeCount => Volatile.Read(ref _disposeCount);

    public Exception? DisposeFailure { get; set; }

    public ValueTask DisposeAsync()
    {
        Interlocked.Increment(ref _disposeCount);
        Record("Disposed");
        return DisposeFailure is null ? ValueTask.CompletedTask : ValueTask.FromException(DisposeFailure);
    }
}
