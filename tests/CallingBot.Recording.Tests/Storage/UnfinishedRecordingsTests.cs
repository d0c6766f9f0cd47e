using System.Text.Json;
using CallingBot.Media.Audio;
using CallingBot.Media.Wav;
using CallingBot.Recording.Compliance;
using CallingBot.Recording.Storage;
using CallingBot.Recording.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Recording.Tests.Storage;

/// <summary>WAV files a killed process left as <c>.partial</c>: finalized up to the audio written, described as incomplete, nothing deleted.</summary>
public sealed class UnfinishedRecordingsTests
{
    private const string CallId = "3f2c1b0a-0000-4000-8000-00000000c0de";
    private const int FrameBytes = 640;

    [Fact]
    public void FinalizeAll_FilesOfAKilledProcess_HeaderSizesFixedRenamedAndMetadataMarkedIncomplete()
    {
        using var directory = new TemporaryDirectory();
        var storage = new FileSystemRecordingStorage(directory.Path);
        var baseName = $"20261201T120000Z_{CallId}-0123456789ab";
        WriteKilled(storage, baseName + ".mixed.wav", framesInHeader: 10, framesAfter: 5);
        WriteKilled(storage, baseName + ".alice-0123456789ab.wav", framesInHeader: 0, framesAfter: 3);
        File.WriteAllBytes(Path.Combine(directory.Path, baseName + ".reserve.partial"), new byte[1024]);

        var finalized = new UnfinishedRecordings(storage, new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T13:00:00Z", System.Globalization.CultureInfo.InvariantCulture)), NullLogger<UnfinishedRecordings>.Instance).FinalizeAll();

        Assert.Equal([baseName + ".alice-0123456789ab.wav", baseName + ".mixed.wav"], finalized.Order(StringComparer.Ordinal));
        using (var mixed = WavReader.Open(Path.Combine(directory.Path, baseName + ".mixed.wav")))
        {
            Assert.Equal(15 * FrameBytes, mixed.DataLength);
            Assert.Equal(16_000, mixed.SampleRate);
        }

        using (var alice = WavReader.Open(Path.Combine(directory.Path, baseName + ".alice-0123456789ab.wav")))
        {
            Assert.Equal(3 * FrameBytes, alice.DataLength);
        }

        Assert.Equal(WavWriter.HeaderSize + (15 * FrameBytes), new FileInfo(Path.Combine(directory.Path, baseName + ".mixed.wav")).Length);
        var metadata = JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(directory.Path, baseName + ".json")), RecordingMetadataJson.Default.RecordingMetadata)!;
        Assert.Equal(UnfinishedRecordings.IncompleteStatus, metadata.Status);
        Assert.Equal(CallId, metadata.CallId);
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture), metadata.StartedAt);
        Assert.Equal(2, metadata.Files.Count);
        Assert.Contains(metadata.Files, f => f.Kind == "mixed" && f.AudioBytes == 15 * FrameBytes && f.Committed && f.Sha256 is { Length: 64 });
        Assert.Contains(metadata.Files, f => f.Kind == "participant" && f.AudioBytes == 3 * FrameBytes);
        Assert.NotNull(metadata.Failure);

        // Nothing deleted: the metadata reserve stays, and a second run finds nothing more to do.
        Assert.Equal([Path.Combine(directory.Path, baseName + ".reserve.partial")], storage.FindOrphans());
        Assert.Empty(new UnfinishedRecordings(storage, TimeProvider.System, NullLogger<UnfinishedRecordings>.Instance).FinalizeAll());
    }

    [Fact]
    public void FinalizeAll_FileStillBeingWritten_IsLeftAlone()
    {
        using var directory = new TemporaryDirectory();
        var storage = new FileSystemRecordingStorage(directory.Path);
        var name = $"20261201T120000Z_{CallId}-0123456789ab.mixed.wav";
        using var live = storage.Create(name);
        var writer = new WavWriter(live.Stream, AudioFormat.Default, leaveOpen: true);
        writer.Write(new byte[FrameBytes]);
        writer.Flush();

        var finalized = new UnfinishedRecordings(storage, TimeProvider.System, NullLogger<UnfinishedRecordings>.Instance).FinalizeAll();

        Assert.Empty(finalized);
        Assert.True(File.Exists(Path.Combine(directory.Path, name + FileSystemRecordingStorage.PartialSuffix)));
        Assert.False(File.Exists(Path.Combine(directory.Path, name)));
        Assert.False(File.Exists(Path.Combine(directory.Path, $"20261201T120000Z_{CallId}-0123456789ab.json")));
    }

    /// <summary>A recording as a killed process leaves it: the header flushed once, more audio after it, the handle gone.</summary>
    private static void WriteKilled(FileSystemRecordingStorage storage, string name, int framesInHeader, int framesAfter)
    {
        var file = storage.Create(name);
        var writer = new WavWriter(file.Stream, AudioFormat.Default, leaveOpen: true);
        var frame = new byte[FrameBytes];
        for (var i = 0; i < framesInHeader; i++)
        {
            frame[0] = (byte)i;
            writer.Write(frame);
        }

        writer.Flush();
        for (var i = 0; i < framesAfter; i++)
        {
            writer.Write(frame);
        }

        file.Stream.Flush();
        file.Dispose();
    }
}
