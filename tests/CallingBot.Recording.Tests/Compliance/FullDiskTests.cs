using System.Text.Json;
using CallingBot.Core.Calls;
using CallingBot.Recording.Compliance;
using CallingBot.Recording.Diagnostics;
using CallingBot.Recording.Storage;
using CallingBot.Recording.Tests.Fakes;
using CallingBot.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Recording.Tests.Compliance;

/// <summary>
/// A recording disk that fills up during a call and stays full to the end (<see cref="FullDiskRecordingStorage"/>
/// fails every write that does not fit with ENOSPC): the metadata is still written, from the space reserved at the
/// start or in the fallback directory, or its loss is logged and counted; the failure is reported to the service; no
/// exception escapes the handler or the recorder's disposal. Frames are 20 ms of 16 kHz mono 16-bit audio (640 bytes).
/// </summary>
public sealed class FullDiskTests
{
    private const int Reserve = 64 * 1024;
    private static readonly ParticipantInfo Alice = new("p-alice", ParticipantIdentity.User("alice", "Alice"));

    [Fact]
    public async Task CallEnds_DiskFilledDuringTheCallAndStaysFull_MetadataListsTheUncommittedFilesAndNothingThrows()
    {
        using var directory = new TemporaryDirectory();
        var storage = new FullDiskRecordingStorage(new FileSystemRecordingStorage(directory.Path), capacity: Reserve + (16 * 1024));
        using var metrics = new RecordingMetrics();
        using var outcomes = new OutcomeRecorder(metrics);
        var logs = new ListLoggerFactory();
        using var call = new FakeCallContext { Participants = [Alice] };
        var media = new PipelineCallMedia(call.CallId, TimeProvider.System);
        call.CallMedia = media;
        var handler = new ComplianceRecordingHandler(storage, new ComplianceRecordingOptions(), TimeProvider.System, logs, metrics);
        await handler.OnEstablishedAsync(call, CancellationToken.None);

        for (var i = 0; i < 50; i++)
        {
            media.Pipeline.OnAudioReceived(Frames.Make(i, "p-alice", 7));
        }

        await Eventually.UntilAsync(() => call.Operations.Contains("hang-up"), "the failure is reported and the policy hangs up");
        await handler.OnTerminatedAsync(call, CallTermination.Normal, CancellationToken.None);
        await handler.DisposeAsync();
        await media.Pipeline.DisposeAsync();
        var metadata = await Eventually.WithinAsync(handler.Recorder!.Completion, "the recording is committed with its metadata");

        Assert.Equal(["status:Recording", "status:Failed", "hang-up"], call.Operations);
        Assert.Equal("failed", metadata.Status);
        Assert.StartsWith("IOException: No space left on device", metadata.Failure, StringComparison.Ordinal);
        Assert.Equal(["mixed", "participant"], metadata.Files.Select(f => f.Kind));
        Assert.All(metadata.Files, f => Assert.False(f.Committed));
        Assert.All(metadata.Files, f => Assert.True(File.Exists(Path.Combine(directory.Path, f.Name + FileSystemRecordingStorage.PartialSuffix)), $"{f.Name} is kept as a temporary file"));

        // The metadata is on the full disk, committed, in the space the recording reserved when it started.
        var written = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(directory.Path, handler.Recorder.MetadataName))).RootElement;
        Assert.Equal("failed", written.GetProperty("status").GetString());
        Assert.All(written.GetProperty("files").EnumerateArray(), f => Assert.False(f.GetProperty("committed").GetBoolean()));
        Assert.DoesNotContain(Directory.GetFiles(directory.Path), f => f.Contains(ComplianceRecorder.ReserveSuffix, StringComparison.Ordinal));
        Assert.Equal(["failed/reserve"], outcomes.Outcomes);
        var fromReserve = Assert.Single(logs.WithEvent("RecordingMetadataFromReserve"));
        Assert.Equal(LogLevel.Error, fromReserve.Level);
        Assert.Equal(LogLevel.Error, Assert.Single(logs.WithEvent("RecordingStorageFailed")).Level);
        Assert.Empty(logs.WithEvent("RecordingMetadataLost"));
    }

    [Fact]
    public async Task DisposeAsync_DiskStaysFullWithFilesOpen_DoesNotThrowAndWritesTheMetadata()
    {
        using var directory = new TemporaryDirectory();
        var storage = new FullDiskRecordingStorage(new FileSystemRecordingStorage(directory.Path), capacity: Reserve + (8 * 1024));
        using var metrics = new RecordingMetrics();
        using var outcomes = new OutcomeRecorder(metrics);
        var recorder = NewRecorder(storage, new ComplianceRecordingOptions(), new ListLoggerFactory(), metrics);
        for (var i = 0; i < 20; i++)
        {
            using var alice = Frames.Make(i, "p-alice", 100);
            recorder.Process(alice.AsView());
            using var bob = Frames.Make(i, "p-bob", 200);
            recorder.Process(bob.AsView());
        }

        await Eventually.UntilAsync(() => recorder.State == RecorderState.Failed, "the disk filled up");
        await recorder.DisposeAsync();

        var metadata = await recorder.Completion;
        Assert.Equal("failed", metadata.Status);
        Assert.Equal(3, metadata.Files.Count);
        Assert.All(metadata.Files, f => Assert.False(f.Committed));
        Assert.True(File.Exists(Path.Combine(directory.Path, recorder.MetadataName)));
        Assert.Equal(["failed/reserve"], outcomes.Outcomes);
    }

    [Fact]
    public async Task StopAsync_DiskFullBeforeTheRecordingStarted_MetadataGoesToTheFallbackDirectory()
    {
        using var directory = new TemporaryDirectory();
        using var fallback = new TemporaryDirectory();
        var storage = new FullDiskRecordingStorage(new FileSystemRecordingStorage(directory.Path), capacity: 0);
        using var metrics = new RecordingMetrics();
        using var outcomes = new OutcomeRecorder(metrics);
        var logs = new ListLoggerFactory();
        await using var recorder = NewRecorder(storage, new ComplianceRecordingOptions { MetadataFallbackDirectory = fallback.Path }, logs, metrics);
        using (var frame = Frames.Make(0, null, 1))
        {
            recorder.Process(frame.AsView());
        }

        await Eventually.UntilAsync(() => recorder.State == RecorderState.Failed, "nothing could be written");
        var metadata = await recorder.StopAsync();

        Assert.Equal("failed", metadata.Status);
        Assert.Empty(metadata.Files);
        Assert.Empty(Directory.GetFiles(directory.Path));
        var inFallback = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(fallback.Path, recorder.MetadataName))).RootElement;
        Assert.Equal("call-1", inFallback.GetProperty("callId").GetString());
        Assert.Equal(["failed/fallback"], outcomes.Outcomes);
        Assert.Equal(LogLevel.Warning, Assert.Single(logs.WithEvent("RecordingReserveFailed")).Level);
        Assert.Contains(fallback.Path, Assert.Single(logs.WithEvent("RecordingMetadataInFallback")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopAsync_NoReserveAndNoFallback_MetadataLossIsLoggedCountedAndReportedToTheService()
    {
        using var directory = new TemporaryDirectory();
        var storage = new FullDiskRecordingStorage(new FileSystemRecordingStorage(directory.Path), capacity: 4 * 1024);
        using var metrics = new RecordingMetrics();
        using var outcomes = new OutcomeRecorder(metrics);
        var logs = new ListLoggerFactory();
        var options = new ComplianceRecordingOptions { MetadataReserveBytes = 0, FailurePolicy = RecordingFailurePolicy.ContinueWithoutRecording };
        using var call = new FakeCallContext();
        await using var recorder = NewRecorder(storage, options, logs, metrics);
        await using var reporter = new RecordingStatusReporter(call, recorder, options, logs.CreateLogger<RecordingStatusReporter>());
        reporter.Start();
        for (var i = 0; i < 10; i++)
        {
            using var frame = Frames.Make(i, null, 1);
            recorder.Process(frame.AsView());
        }

        await Eventually.UntilAsync(() => call.Operations.Count == 2, "recording, then the failure, reported");
        var lost = await Assert.ThrowsAsync<IOException>(() => reporter.StopAsync());

        Assert.Equal(FullDiskRecordingStorage.DiskFullHResult, lost.HResult);
        Assert.Equal(["status:Recording", "status:Failed"], call.Operations);
        Assert.Equal(["failed/lost"], outcomes.Outcomes);
        var logged = Assert.Single(logs.WithEvent("RecordingMetadataLost"));
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains("(1, 1 not committed)", logged.Message, StringComparison.Ordinal);
        await recorder.DisposeAsync();
        Assert.Empty(Directory.GetFiles(directory.Path, "*.json*"));
    }

    [Fact]
    public async Task ReporterStopAsync_DiskFilledSinceTheLastFlush_ReportsFailedNotNotRecording()
    {
        using var directory = new TemporaryDirectory();
        var storage = new FullDiskRecordingStorage(new FileSystemRecordingStorage(directory.Path), capacity: 1024 * 1024);
        var logs = new ListLoggerFactory();
        var options = new ComplianceRecordingOptions();
        using var call = new FakeCallContext();
        await using var recorder = NewRecorder(storage, options, logs, metrics: null);
        await using var reporter = new RecordingStatusReporter(call, recorder, options, logs.CreateLogger<RecordingStatusReporter>());
        reporter.Start();
        for (var i = 0; i < 10; i++)
        {
            using var frame = Frames.Make(i, "p-alice", 1);
            recorder.Process(frame.AsView());
        }

        await Eventually.UntilAsync(() => call.Operations.Count == 1, "recording reported");
        await Eventually.UntilAsync(() => recorder.State == RecorderState.Recording && storage.Used >= Reserve + (10 * 640), "the frames were written");
        storage.Capacity = storage.Used;

        var metadata = await reporter.StopAsync();

        Assert.Equal("failed", metadata.Status);
        Assert.Contains(metadata.Files, f => !f.Committed);
        Assert.Equal(["status:Recording", "status:Failed"], call.Operations);
    }

    [Fact]
    public async Task Start_ReservesSpaceForTheMetadata_ReleasedOnceTheMetadataIsCommitted()
    {
        using var directory = new TemporaryDirectory();
        await using var recorder = NewRecorder(new FileSystemRecordingStorage(directory.Path), new ComplianceRecordingOptions(), new ListLoggerFactory(), metrics: null);
        using (var frame = Frames.Make(0, null, 1))
        {
            recorder.Process(frame.AsView());
        }

        await Eventually.UntilAsync(() => recorder.State == RecorderState.Recording, "the writer took the first frame");
        var reserve = Assert.Single(Directory.GetFiles(directory.Path, "*" + ComplianceRecorder.ReserveSuffix + FileSystemRecordingStorage.PartialSuffix));
        Assert.Equal(Reserve, new FileInfo(reserve).Length);

        var metadata = await recorder.StopAsync();

        Assert.Equal("completed", metadata.Status);
        Assert.False(File.Exists(reserve));
        Assert.Empty(new FileSystemRecordingStorage(directory.Path).FindOrphans());
    }

    private static ComplianceRecorder NewRecorder(IRecordingStorage storage, ComplianceRecordingOptions options, ListLoggerFactory logs, RecordingMetrics? metrics)
    {
        var recorder = new ComplianceRecorder(storage, "call-1", "Test Policy", options, new FakeTimeProvider(TestTime.Start), logs.CreateLogger<ComplianceRecorder>(), metrics: metrics);
        recorder.Start();
        return recorder;
    }
}
