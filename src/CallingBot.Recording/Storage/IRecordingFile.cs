namespace CallingBot.Recording.Storage;

/// <summary>A recording file being written. Dispose without <see cref="Commit"/> keeps the temporary file for recovery.</summary>
public interface IRecordingFile : IDisposable
{
    /// <summary>The name the file gets on commit.</summary>
    string Name { get; }

    /// <summary>A writable, seekable, readable stream over the temporary file.</summary>
    Stream Stream { get; }

    /// <summary>Writes buffered data through to durable storage (fsync for local files).</summary>
    void Flush();

    /// <summary>Flushes, closes and atomically renames the file to <see cref="Name"/>; returns its final size in bytes.</summary>
    long Commit();

    /// <summary>Closes and deletes the temporary file (nothing worth keeping was written).</summary>
    void Abort();
}
