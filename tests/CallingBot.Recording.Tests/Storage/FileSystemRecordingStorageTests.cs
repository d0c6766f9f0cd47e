using CallingBot.Recording.Storage;
using CallingBot.Recording.Tests.Fakes;

namespace CallingBot.Recording.Tests.Storage;

public sealed class FileSystemRecordingStorageTests
{
    [Fact]
    public void Create_WhileWriting_OnlyPartialNameExists()
    {
        using var directory = new TemporaryDirectory();
        var storage = new FileSystemRecordingStorage(directory.Path);

        using var file = storage.Create("call.wav");
        file.Stream.Write([1, 2, 3]);
        file.Flush();

        Assert.False(File.Exists(Path.Combine(directory.Path, "call.wav")));
        Assert.True(File.Exists(Path.Combine(directory.Path, "call.wav.partial")));
    }

    [Fact]
    public void Commit_AfterWrite_RenamesAndReturnsSize()
    {
        using var directory = new TemporaryDirectory();
        var storage = new FileSystemRecordingStorage(directory.Path);
        using var file = storage.Create("call.wav");
        file.Stream.Write([1, 2, 3, 4, 5]);

        var size = file.Commit();

        Assert.Equal(5, size);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, File.ReadAllBytes(Path.Combine(directory.Path, "call.wav")));
        Assert.Empty(storage.FindOrphans());
    }

    [Fact]
    public void Create_NameAlreadyCommitted_Throws()
    {
        using var directory = new TemporaryDirectory();
        var storage = new FileSystemRecordingStorage(directory.Path);
        using (var first = storage.Create("call.wav"))
        {
            first.Commit();
        }

        Assert.Throws<IOException>(() => storage.Create("call.wav"));
    }

    [Fact]
    public void FindOrphans_FileDisposedWithoutCommit_ReportsPartialFile()
    {
        using var directory = new TemporaryDirectory();
        var storage = new FileSystemRecordingStorage(directory.Path);
        using (var file = storage.Create("crashed.wav"))
        {
            file.Stream.Write([9]);
        }

        var orphans = storage.FindOrphans();

        Assert.Equal([Path.Combine(directory.Path, "crashed.wav.partial")], orphans);
    }

    [Fact]
    public void Abort_PartialFile_Deleted()
    {
        using var directory = new TemporaryDirectory();
        var storage = new FileSystemRecordingStorage(directory.Path);
        using var file = storage.Create("empty.wav");

        file.Abort();

        Assert.Empty(Directory.GetFiles(directory.Path));
    }

    [Theory]
    [InlineData("../escape.wav")]
    [InlineData("..")]
    public void Create_NameWithPath_Throws(string name)
    {
        using var directory = new TemporaryDirectory();
        var storage = new FileSystemRecordingStorage(directory.Path);

        Assert.Throws<ArgumentException>(() => storage.Create(name));
    }
}
