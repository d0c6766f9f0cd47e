namespace CallingBot.Recording.Storage;

/// <summary>
/// Where recordings go. Files are written under a temporary name and become visible under their final name only
/// when committed, so a reader (or a shipping job) never sees a half-written recording as finished.
/// </summary>
public interface IRecordingStorage
{
    /// <summary>Creates a new file that will be committed as <paramref name="name"/>. Throws if that name exists.</summary>
    /// <exception cref="IOException">The storage cannot create the file (disk full, path missing).</exception>
    /// <exception cref="UnauthorizedAccessException">The storage refuses access.</exception>
    IRecordingFile Create(string name);

    /// <summary>Temporary files left behind by a process that stopped without committing or aborting them.</summary>
    IReadOnlyList<string> FindOrphans();
}
