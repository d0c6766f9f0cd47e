using System.Security.Cryptography;
using System.Text.Json;
using CallingBot.Core.Calls;
using CallingBot.Media.Wav;
using CallingBot.Recording.Compliance;
using CallingBot.Recording.Storage;
using CallingBot.Recording.Tests.Fakes;
using CallingBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Recording.Tests.Compliance;

/// <summary>Frame invariant: 20 ms at 16 kHz mono 16-bit = 320 samples = 640 bytes per frame.</summary>
public sealed class ComplianceRecorderTests
{
    private const int BytesPerFrame = 640;
    private static readonly ParticipantInfo Alice = new("p-alice", ParticipantIdentity.User("alice", "Alice"));
    private static readonly ParticipantInfo Bob = new("p-bob", ParticipantIdentity.User("bob", "Bob"));

    [Fact]
    public async Task StopAsync_AfterUnmixedFrames_CommitsMixedAndParticipantFilesWithMetadata()
    {
        using var directory = new TemporaryDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var storage = new FileSystemRecordingStorage(directory.Path);
        await using var recorder = NewRecorder(storage, time);
        recorder.ParticipantJoined(Alice);
        time.Advance(TimeSpan.FromSeconds(1));
        recorder.ParticipantJoined(Bob);

        for (var i = 0; i < 50; i++)
        {
            using var a = Frames.Make(i, "p-alice", 100);
            recorder.Process(a.AsView());
            using var b = Frames.Make(i, "p-bob", 200);
            recorder.Process(b.AsView());
        }

        await Eventually.UntilAsync(() => recorder.State == RecorderState.Recording, "the writer took the first frame");
        time.Advance(TimeSpan.FromSeconds(2));
        recorder.ParticipantLeft("p-bob");
        time.Advance(TimeSpan.FromSeconds(1));
        var metadata = await recorder.StopAsync();

        Assert.Equal("completed", metadata.Status);
        Assert.Equal("call-1", metadata.CallId);
        Assert.Equal("Test Policy", metadata.PolicyIdentifier);
        Assert.Equal(time.GetUtcNow(), metadata.EndedAt);
        Assert.Equal(
            [
                new RecordedParticipant("p-alice", "user:alice", "Alice", new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero), metadata.EndedAt),
                new RecordedParticipant("p-bob", "user:bob", "Bob", new DateTimeOffset(2025, 3, 1, 10, 0, 1, TimeSpan.Zero), new DateTimeOffset(2025, 3, 1, 10, 0, 3, TimeSpan.Zero)),
            ],
            metadata.Participants);
        Assert.Equal(["mixed", "participant", "participant"], metadata.Files.Select(f => f.Kind));
        foreach (var file in metadata.Files)
        {
            var path = Path.Combine(directory.Path, file.Name);
            Assert.True(file.Committed);
            Assert.Equal(50 * BytesPerFrame, file.AudioBytes);
            Assert.Equal(WavWriter.HeaderSize + file.AudioBytes, file.Bytes);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), file.Sha256);
            using var reader = WavReader.Open(path);
            Assert.Equal(file.AudioBytes, reader.DataLength);
        }

        using (var bob = WavReader.Open(Path.Combine(directory.Path, metadata.Files[2].Name)))
        {
            var samples = bob.ReadToEnd();
            Assert.Equal(200, BitConverter.ToInt16(samples, 0));
        }

        using (var mixed = WavReader.Open(Path.Combine(directory.Path, metadata.Files[0].Name)))
        {
            Assert.Equal(300, BitConverter.ToInt16(mixed.ReadToEnd(), 0));
        }

        var json = File.ReadAllText(Path.Combine(directory.Path, recorder.MetadataName));
        var parsed = JsonSerializer.Deserialize(json, RecordingMetadataJson.Default.RecordingMetadata);
        Assert.Equal(metadata.Files, parsed!.Files);
        Assert.Empty(storage.FindOrphans());
    }

    [Fact]
    public async Task Process_FirstFrame_RaisesStartedOnceWithFileOnDisk()
    {
        using var directory = new TemporaryDirectory();
        var storage = new FileSystemRecordingStorage(directory.Path);
        await using var recorder = NewRecorder(storage, new FakeTimeProvider(TestTime.Start));
        var started = 0;
        long bytesOnDiskAtStart = -1;
        recorder.Started += () =>
        {
            started++;
            bytesOnDiskAtStart = new FileInfo(storage.FindOrphans()[0]).Length;
        };

        Assert.Equal(RecorderState.Waiting, recorder.State);
        using (var first = Frames.Make(0, null, 1))
        {
            recorder.Process(first.AsView());
        }

        using (var second = Frames.Make(1, null, 1))
        {
            recorder.Process(second.AsView());
        }

        await Eventually.UntilAsync(() => recorder.State == RecorderState.Recording, "the writer took the first frame");
        await recorder.StopAsync();
        Assert.Equal(1, started);
        Assert.Equal(WavWriter.HeaderSize, bytesOnDiskAtStart);
    }

    [Fact]
    public async Task Process_DiskFull_RaisesFailedDropsFramesAndStopReportsFailure()
    {
        using var directory = new TemporaryDirectory();
        var storage = new FailingRecordingStorage(new FileSystemRecordingStorage(directory.Path));
        var time = new FakeTimeProvider(TestTime.Start);
        await using var recorder = NewRecorder(storage, time);
        var failures = new List<Exception>();
        recorder.Failed += failures.Add;
        using (var frame = Frames.Make(0, null, 1))
        {
            recorder.Process(frame.AsView());
        }

        await Eventually.UntilAsync(() => recorder.State == RecorderState.Recording, "the writer took the first frame");
        storage.FailWrites = true;
        time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 1; i <= 3; i++)
        {
            using var frame = Frames.Make(i, null, 1);
            recorder.Process(frame.AsView());
        }

        await Eventually.UntilAsync(() => recorder.State == RecorderState.Failed, "the flush after a second failed");
        storage.FailWrites = false;
        var metadata = await recorder.StopAsync();

        var failure = Assert.Single(failures);
        Assert.IsType<IOException>(failure);
        Assert.Equal(RecorderState.Stopped, recorder.State);
        Assert.Equal(3, recorder.DroppedFrames);
        Assert.Equal("failed", metadata.Status);
        Assert.Equal("IOException: There is not enough space on the disk.", metadata.Failure);
        Assert.True(File.Exists(Path.Combine(directory.Path, recorder.MetadataName)));
    }

    [Fact]
    public async Task RetryAsync_AfterPermissionDenied_NewSegmentStartsOnNextFrame()
    {
        using var directory = new TemporaryDirectory();
        var storage = new FailingRecordingStorage(new FileSystemRecordingStorage(directory.Path)) { DenyCreate = true };
        await using var recorder = NewRecorder(storage, new FakeTimeProvider(TestTime.Start));
        var started = 0;
        recorder.Started += () => started++;
        using (var frame = Frames.Make(0, null, 1))
        {
            recorder.Process(frame.AsView());
        }

        await Eventually.UntilAsync(() => recorder.State == RecorderState.Failed, "the first frame could not be written");
        storage.DenyCreate = false;

        Assert.True(await recorder.RetryAsync());
        using (var frame = Frames.Make(1, null, 1))
        {
            recorder.Process(frame.AsView());
        }

        var metadata = await recorder.StopAsync();
        Assert.Equal(1, started);
        Assert.Equal(1, recorder.Retries);
        var file = Assert.Single(metadata.Files);
        Assert.Equal(1, file.Segment);
        Assert.EndsWith(".s1.mixed.wav", file.Name, StringComparison.Ordinal);
        Assert.Equal("failed", metadata.Status);
    }

    [Fact]
    public async Task Process_StorageStalledInFsync_ReturnsAtOnceAndTheWriterCatchesUpWithEveryFrame()
    {
        using var directory = new TemporaryDirectory();
        using var storage = new GatedRecordingStorage(new FileSystemRecordingStorage(directory.Path)) { Closed = true };
        await using var recorder = NewRecorder(storage, new FakeTimeProvider(TestTime.Start));
        using (var first = Frames.Make(0, null, 1))
        {
            recorder.Process(first.AsView());
        }

        await Eventually.UntilAsync(() => storage.Waiting, "the writer's first flush waits for the stalled disk");
        var processing = Task.Run(() =>
        {
            for (var i = 1; i <= 100; i++)
            {
                using var frame = Frames.Make(i, null, 1);
                recorder.Process(frame.AsView());
            }
        });
        await Eventually.WithinAsync(processing, "the media loop hands frames over while storage is stalled", TimeSpan.FromSeconds(5));
        storage.Closed = false;
        var metadata = await recorder.StopAsync();

        Assert.Equal("completed", metadata.Status);
        Assert.Equal(101 * BytesPerFrame, Assert.Single(metadata.Files).AudioBytes);
        Assert.Equal(0, recorder.DroppedFrames);
    }

    [Fact]
    public async Task Process_StorageFallsBehindByMaxPendingFrames_FailsOnceAndCountsEveryFrameNotWritten()
    {
        using var directory = new TemporaryDirectory();
        using var storage = new GatedRecordingStorage(new FileSystemRecordingStorage(directory.Path)) { Closed = true };
        await using var recorder = NewRecorder(storage, new FakeTimeProvider(TestTime.Start));
        var failures = new List<Exception>();
        recorder.Failed += failures.Add;
        const int Total = ComplianceRecorder.MaxPendingFrames + 10;
        using (var first = Frames.Make(0, null, 1))
        {
            recorder.Process(first.AsView());
        }

        // The writer holds the first frame, in an open file, at the stalled disk: everything after it waits.
        await Eventually.UntilAsync(() => storage.Waiting, "the writer's first flush waits for the stalled disk");
        for (var i = 1; i < Total; i++)
        {
            using var frame = Frames.Make(i, null, 1);
            recorder.Process(frame.AsView());
        }

        var failure = Assert.Single(failures);
        Assert.Equal(RecorderState.Failed, recorder.State);
        storage.Closed = false;
        var metadata = await recorder.StopAsync();

        Assert.IsType<IOException>(failure);
        Assert.Contains("fell behind", failure.Message, StringComparison.Ordinal);
        Assert.Equal("failed", metadata.Status);
        Assert.Equal(BytesPerFrame, Assert.Single(metadata.Files).AudioBytes);
        Assert.Equal(Total - 1, recorder.DroppedFrames);
    }

    [Fact]
    public async Task StopAsync_CalledTwiceAndDisposed_CommitsOnceAndLaterFramesAreDropped()
    {
        using var directory = new TemporaryDirectory();
        var storage = new FileSystemRecordingStorage(directory.Path);
        var recorder = NewRecorder(storage, new FakeTimeProvider(TestTime.Start));
        using (var frame = Frames.Make(0, null, 1))
        {
            recorder.Process(frame.AsView());
        }

        var first = await recorder.StopAsync();
        var second = await recorder.StopAsync();
        using (var late = Frames.Make(1, null, 1))
        {
            recorder.Process(late.AsView());
        }

        await recorder.DisposeAsync();

        Assert.Same(first, second);
        Assert.Same(first, await recorder.Completion);
        Assert.Equal(1, recorder.DroppedFrames);
        Assert.Equal(2, Directory.GetFiles(directory.Path).Length);
    }

    private static ComplianceRecorder NewRecorder(IRecordingStorage storage, FakeTimeProvider time)
    {
        var recorder = new ComplianceRecorder(storage, "call-1", "Test Policy", new ComplianceRecordingOptions(), time, NullLogger<ComplianceRecorder>.Instance);
        recorder.Start();
        return recorder;
    }
}
