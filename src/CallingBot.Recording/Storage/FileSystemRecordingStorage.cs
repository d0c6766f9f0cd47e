namespace CallingBot.Recording.Storage;

/// <summary>
/// Recordings in a local (or mounted, such as Azure Files) directory. Files are written as <c>NAME.partial</c>,
/// flushed to disk with fsync, and renamed to <c>NAME</c> on commit; a rename within one directory is atomic.
/// </summary>
public sealed class FileSystemRecordingStorage : IRecordingStorage
{
    /// <summary>Suffix of files still being written (or left behind by a crash).</summary>
    public const string PartialSuffix = ".partial";

    private readonly Action<string>? _committed;

    /// <param name="directory">The directory (created when the first file is).</param>
    /// <param name="committed">Called with a file's name right after it was committed (for example to wake an uploader); must not throw.</param>
    public FileSystemRecordingStorage(string directory, Action<string>? committed = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        _committed = committed;
    }

    public string Directory { get; }

    public IRecordingFile Create(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name is "." or "..")
        {
            throw new ArgumentException($"'{name}' is not a valid recording file name.", nameof(name));
        }

        System.IO.Directory.CreateDirectory(Directory);
        var final = Path.Combine(Directory, name);
        if (File.Exists(final))
        {
            throw new IOException($"The recording '{name}' already exists.");
        }

        var temporary = final + PartialSuffix;
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 64 * 1024);
        return new FileSystemRecordingFile(name, temporary, final, stream, _committed);
    }

    public IReadOnlyList<string> FindOrphans() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, "*" + PartialSuffix).Order(StringComparer.Ordinal).ToArray()
            : [];
}
