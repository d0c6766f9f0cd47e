using CallingBot.Core.Calls;
using CallingBot.Recording.Compliance;
using CallingBot.Recording.Storage;
using CallingBot.Recording.Tests.Fakes;
using CallingBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallingBot.Recording.Tests.Compliance;

/// <summary>
/// The handler and the pipeline share the recorder's life as the call manager runs them: on the call's end the
/// handler hears <c>OnTerminatedAsync</c> and is disposed, then the call's media (its pipeline) is disposed.
/// Frames are 20 ms of 16 kHz mono 16-bit audio (640 bytes).
/// </summary>
public sealed class ComplianceRecordingHandlerTests
{
    private const int BytesPerFrame = 640;
    private static readonly ParticipantInfo Alice = new("p-alice", ParticipantIdentity.User("alice", "Alice"));

    [Fact]
    public async Task CallEnds_FramesStillQueuedInThePipeline_AllRecordedThenCommittedOnceByThePipeline()
    {
        using var directory = new TemporaryDirectory();
        using var call = new FakeCallContext { Participants = [Alice] };
        var media = new PipelineCallMedia(call.CallId, TimeProvider.System);
        call.CallMedia = media;
        var handler = NewHandler(new FileSystemRecordingStorage(directory.Path));
        for (var i = 0; i < 200; i++)
        {
            media.Pipeline.OnAudioReceived(Frames.Make(i, "p-alice", 7));
        }

        await handler.OnEstablishedAsync(call, CancellationToken.None);
        call.End();
        await handler.OnTerminatedAsync(call, CallTermination.Normal, CancellationToken.None);
        await handler.DisposeAsync();
        var recorder = handler.Recorder!;
        Assert.NotEqual(RecorderState.Stopped, recorder.State);
        Assert.False(recorder.Completion.IsCompleted, "the handler leaves the recorder to the pipeline");

        await media.Pipeline.DisposeAsync();
        var metadata = await Eventually.WithinAsync(recorder.Completion, "the pipeline's disposal commits the recording");

        Assert.Equal("completed", metadata.Status);
        Assert.All(metadata.Files, f => Assert.Equal(200 * BytesPerFrame, f.AudioBytes));
        Assert.Equal(["mixed", "participant"], metadata.Files.Select(f => f.Kind));
        Assert.Equal(0, recorder.DroppedFrames);
        Assert.Equal(RecorderState.Stopped, recorder.State);
        Assert.Equal("p-alice", Assert.Single(metadata.Participants).Id);
        Assert.Empty(new FileSystemRecordingStorage(directory.Path).FindOrphans());
    }

    [Fact]
    public async Task CallEnds_MediaNeverConnected_HandlerCommitsTheRecorderItCreated()
    {
        using var directory = new TemporaryDirectory();
        using var call = new FakeCallContext();
        var handler = NewHandler(new FileSystemRecordingStorage(directory.Path));
        await handler.OnParticipantJoinedAsync(call, Alice, CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handler.OnEstablishedAsync(call, CancellationToken.None));
        await handler.DisposeAsync();

        var metadata = await Eventually.WithinAsync(handler.Recorder!.Completion, "the recording is committed");
        Assert.Equal("completed", metadata.Status);
        Assert.Empty(metadata.Files);
        Assert.True(File.Exists(Path.Combine(directory.Path, handler.Recorder.MetadataName)));
    }

    [Fact]
    public async Task Frames_WhileTheCallIsUp_ReportsRecording()
    {
        using var directory = new TemporaryDirectory();
        using var call = new FakeCallContext();
        var media = new PipelineCallMedia(call.CallId, TimeProvider.System);
        call.CallMedia = media;
        var handler = NewHandler(new FileSystemRecordingStorage(directory.Path));
        await handler.OnEstablishedAsync(call, CancellationToken.None);

        media.Pipeline.OnAudioReceived(Frames.Make(0, null, 7));

        await Eventually.UntilAsync(() => call.Operations.Contains("status:Recording"), "recording reported");
        await handler.DisposeAsync();
        await media.Pipeline.DisposeAsync();
        Assert.Equal("completed", (await handler.Recorder!.Completion).Status);
    }

    private static ComplianceRecordingHandler NewHandler(IRecordingStorage storage) =>
        new(storage, new ComplianceRecordingOptions(), TimeProvider.System, NullLoggerFactory.Instance);
}
