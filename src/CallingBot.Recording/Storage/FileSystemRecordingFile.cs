namespace CallingBot.Recording.Storage;

internal sealed class FileSystemRecordingFile(string name, string temporaryPath, string finalPath, FileStream stream, Action<string>? committed = null) : IRecordingFile
{
    private bool _closed;

    public string Name { get; } = name;

    public Stream Stream => stream;

    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        stream.Flush(flushToDisk: true);
    }

    public long Commit()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        stream.Flush(flushToDisk: true);
        var length = stream.Length;
        stream.Dispose();
        _closed = true;
        File.Move(temporaryPath, finalPath, overwrite: false);
        committed?.Invoke(Name);
        return length;
    }

    public void Abort()
    {
        try
        {
            if (!_closed)
            {
                _closed = true;
                stream.Dispose();
            }
        }
        catch (IOException)
        {
            // Closing flushes what is still buffered; on a full disk that fails, and it is being thrown away anyway.
            // The handle is closed all the same.
        }

        File.Delete(temporaryPath);
    }

    public void Dispose()
    {
        if (!_closed)
        {
            _closed = true;
            stream.Dispose();
        }
    }
}
