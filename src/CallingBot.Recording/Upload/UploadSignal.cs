namespace CallingBot.Recording.Upload;

/// <summary>Wakes the uploader when a recording's metadata is committed (set many times, consumed once).</summary>
internal sealed class UploadSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Set()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already set: the uploader scans once for every commit since it last looked.
        }
        catch (ObjectDisposedException)
        {
            // The service is stopping: nothing to wake.
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken) => _semaphore.WaitAsync(cancellationToken);

    public void Dispose() => _semaphore.Dispose();
}
