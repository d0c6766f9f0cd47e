using CallingBot.Recording.Compliance;
using CallingBot.Recording.Storage;
using CallingBot.Recording.Tests.Fakes;
using CallingBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Recording.Tests.Compliance;

public sealed class RecordingStatusReporterTests
{
    private FakeTimeProvider Time { get; } = new(TestTime.Start);

    [Fact]
    public async Task StopAsync_NoAudioEverWritten_ReportsNothingButNotRecording()
    {
        using var directory = new TemporaryDirectory();
        var (call, recorder, reporter) = Create(new FileSystemRecordingStorage(directory.Path), RecordingFailurePolicy.HangUp);
        await using var _ = reporter;

        await reporter.StopAsync();

        Assert.Equal(["status:NotRecording"], call.Operations);
        await recorder.DisposeAsync();
    }

    [Fact]
    public async Task Frames_ThenStop_ReportsRecordingThenNotRecording()
    {
        using var directory = new TemporaryDirectory();
        var (call, recorder, reporter) = Create(new FileSystemRecordingStorage(directory.Path), RecordingFailurePolicy.HangUp);
        await using var _ = reporter;

        for (var i = 0; i < 3; i++)
        {
            using var frame = Frames.Make(i, null, 5);
            recorder.Process(frame.AsView());
        }

        await Eventually.UntilAsync(() => call.Operations.Count == 1, "recording reported");
        await reporter.StopAsync();

        Assert.Equal(["status:Recording", "status:NotRecording"], call.Operations);
        await recorder.DisposeAsync();
    }

    [Theory]
    [InlineData(RecordingFailurePolicy.HangUp, new[] { "status:Recording", "status:Failed", "hang-up" })]
    [InlineData(RecordingFailurePolicy.ContinueWithoutRecording, new[] { "status:Recording", "status:Failed" })]
    public async Task StorageFails_Policy_ReportsFailedAndApplies(RecordingFailurePolicy policy, string[] expected)
    {
        using var directory = new TemporaryDirectory();
        var storage = new FailingRecordingStorage(new FileSystemRecordingStorage(directory.Path));
        var (call, recorder, reporter) = Create(storage, policy);
        await using var _ = reporter;
        using (var frame = Frames.Make(0, null, 5))
        {
            recorder.Process(frame.AsView());
        }

        await Eventually.UntilAsync(() => recorder.State == RecorderState.Recording, "the writer took the first frame");
        storage.FailWrites = true;
        Time.Advance(TimeSpan.FromSeconds(1));
        using (var frame = Frames.Make(1, null, 5))
        {
            recorder.Process(frame.AsView());
        }

        await Eventually.UntilAsync(() => call.Operations.Count == expected.Length, "failure handled");
        Assert.Equal(expected, call.Operations);
        await recorder.DisposeAsync();
    }

    [Fact]
    public async Task StorageFails_RetryThenHangUp_RecordsAgainThenHangsUpWhenRetriesRunOut()
    {
        using var directory = new TemporaryDirectory();
        var storage = new FailingRecordingStorage(new FileSystemRecordingStorage(directory.Path));
        var (call, recorder, reporter) = Create(storage, RecordingFailurePolicy.RetryThenHangUp, maxRetries: 1);
        await using var _ = reporter;
        storage.DenyCreate = true;
        using (var frame = Frames.Make(0, null, 5))
        {
            recorder.Process(frame.AsView());
        }

        await Eventually.UntilAsync(() => recorder.State == RecorderState.Waiting && recorder.Retries == 1, "first retry armed");
        storage.DenyCreate = false;
        using (var frame = Frames.Make(1, null, 5))
        {
            recorder.Process(frame.AsView());
        }

        await Eventually.UntilAsync(() => call.Operations.Count == 2, "recording after retry");
        storage.FailWrites = true;
        Time.Advance(TimeSpan.FromSeconds(1));
        using (var frame = Frames.Make(2, null, 5))
        {
            recorder.Process(frame.AsView());
        }

        await Eventually.UntilAsync(() => call.Operations.Count == 4, "hang-up after retries");
        Assert.Equal(["status:Failed", "status:Recording", "status:Failed", "hang-up"], call.Operations);
        await recorder.DisposeAsync();
    }

    [Fact]
    public async Task StorageKeepsFailing_RetriesFail_ReportsFailedOnceThenHangsUp()
    {
        using var directory = new TemporaryDirectory();
        var storage = new FailingRecordingStorage(new FileSystemRecordingStorage(directory.Path)) { DenyCreate = true };
        var (call, recorder, reporter) = Create(storage, RecordingFailurePolicy.RetryThenHangUp, maxRetries: 2);
        await using var _ = reporter;

        for (var attempt = 0; attempt <= 2; attempt++)
        {
            await Eventually.UntilAsync(() => recorder.State == RecorderState.Waiting && recorder.Retries == attempt, $"segment {attempt} waiting for audio");
            using var frame = Frames.Make(attempt, null, 5);
            recorder.Process(frame.AsView());
        }

        await Eventually.UntilAsync(() => call.Operations.Contains("hang-up"), "hang-up after the last retry failed");
        Assert.Equal(["status:Failed", "hang-up"], call.Operations);
        await recorder.DisposeAsync();
    }

    [Fact]
    public async Task Start_NotYetCalled_StatusesWaitThenGoOutInOrder()
    {
        using var directory = new TemporaryDirectory();
        var options = new ComplianceRecordingOptions();
        using var call = new FakeCallContext();
        await using var recorder = new ComplianceRecorder(new FileSystemRecordingStorage(directory.Path), call.CallId, null, options, Time, NullLogger<ComplianceRecorder>.Instance);
        await using var reporter = new RecordingStatusReporter(call, recorder, options, NullLogger<RecordingStatusReporter>.Instance);
        recorder.Start();
        using (var frame = Frames.Make(0, null, 5))
        {
            recorder.Process(frame.AsView());
        }

        await Eventually.UntilAsync(() => recorder.State == RecorderState.Recording, "the recorder started recording");
        Assert.Empty(call.Operations);

        reporter.Start();
        await reporter.StopAsync();

        Assert.Equal(["status:Recording", "status:NotRecording"], call.Operations);
    }

    private (FakeCallContext Call, ComplianceRecorder Recorder, RecordingStatusReporter Reporter) Create(IRecordingStorage storage, RecordingFailurePolicy policy, int maxRetries = 3)
    {
        var options = new ComplianceRecordingOptions { FailurePolicy = policy, MaxStorageRetries = maxRetries };
        var call = new FakeCallContext();
        var recorder = new ComplianceRecorder(storage, call.CallId, "Test Policy", options, Time, NullLogger<ComplianceRecorder>.Instance);
        var reporter = new RecordingStatusReporter(call, recorder, options, NullLogger<RecordingStatusReporter>.Instance);
        recorder.Start();
        reporter.Start();
        return (call, recorder, reporter);
    }
}
