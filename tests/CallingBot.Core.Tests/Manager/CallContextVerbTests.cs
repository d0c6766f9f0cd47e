using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Media;
using CallingBot.Core.Platform;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Testing;

namespace CallingBot.Core.Tests.Manager;

public sealed class CallContextVerbTests : PlacedCallTestBase
{
    [Fact]
    public async Task PlayPromptAsync_OnePrompt_PlaysIt()
    {
        var prompt = Prompt.FromUrl("https://prompts.example/welcome.wav");

        await Context.PlayPromptAsync(prompt);

        var played = Assert.IsAssignableFrom<IReadOnlyList<Prompt>>(Call.Recorder.OnlyOperation(nameof(IPlatformCall.PlayPromptsAsync)).Argument);
        Assert.Equal([prompt], played);
    }

    [Fact]
    public async Task PlayPromptsAsync_Empty_ThrowsWithoutPlaying()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Context.PlayPromptsAsync([]));

        Assert.Equal("prompts", error.ParamName);
        Assert.Empty(Call.Recorder.Operations);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12x")]
    [InlineData("12E")]
    public async Task SendDtmfAsync_InvalidKeys_ThrowsWithoutSending(string tones)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Context.SendDtmfAsync(tones));

        Assert.Equal("tones", error.ParamName);
        Assert.Empty(Call.Recorder.Operations);
    }

    [Fact]
    public async Task SendDtmfAsync_ValidKeys_Sent()
    {
        await Context.SendDtmfAsync("123#*ABCD");

        Assert.Equal("123#*ABCD", Call.Recorder.SingleArgument<string>(nameof(IPlatformCall.SendDtmfTonesAsync)));
        Assert.Contains(Harness.Manager.GetCall(CallId)!.RecentEvents, e => e.Kind == "send-dtmf" && e.Detail.StartsWith("9 key(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TransferAsync_BlindAndConsultative_SendExpectedOptions()
    {
        var target = ParticipantIdentity.User("agent-7");

        await Context.TransferAsync(target);
        await Context.TransferAsync(target, "consult-call");

        var sent = Call.Recorder.Operations.Select(o => Assert.IsType<TransferOptions>(o.Argument)).ToArray();
        Assert.Equal([new TransferOptions(target), new TransferOptions(target, "consult-call")], sent);
    }

    [Fact]
    public async Task RecordResponseAsync_Completes_ReturnsResultAndRemembersReason()
    {
        var options = new RecordResponseOptions { MaxRecordDuration = TimeSpan.FromSeconds(30) };

        var result = await Context.RecordResponseAsync(options);

        Assert.Same(Call.RecordResponseResult, result);
        Assert.Same(options, Call.Recorder.SingleArgument<RecordResponseOptions>(nameof(IPlatformCall.RecordResponseAsync)));
        Assert.DoesNotContain("secret-token", result.ToString(), StringComparison.Ordinal);
        Assert.Contains(Harness.Manager.GetCall(CallId)!.RecentEvents, e => e.Kind == "record-response" && e.Detail == "stopToneDetected");
    }

    [Fact]
    public async Task Verbs_Simple_ForwardTheirArguments()
    {
        await Context.MuteAsync();
        await Context.UnmuteAsync();
        await Context.CancelMediaProcessingAsync();
        await Context.InviteAsync(ParticipantIdentity.User("expert"));
        await Context.RemoveParticipantAsync("p-9");
        await Context.UpdateRecordingStatusAsync(RecordingStatus.Recording);

        Assert.Equal(
            [nameof(IPlatformCall.MuteAsync), nameof(IPlatformCall.UnmuteAsync), nameof(IPlatformCall.CancelMediaProcessingAsync), nameof(IPlatformCall.InviteAsync), nameof(IPlatformCall.RemoveParticipantAsync), nameof(IPlatformCall.UpdateRecordingStatusAsync)],
            Call.Recorder.Names);
        Assert.Equal(ParticipantIdentity.User("expert"), Call.Recorder.SingleArgument<ParticipantIdentity>(nameof(IPlatformCall.InviteAsync)));
        Assert.Equal("p-9", Call.Recorder.SingleArgument<string>(nameof(IPlatformCall.RemoveParticipantAsync)));
        Assert.Equal(RecordingStatus.Recording, Call.Recorder.SingleArgument<RecordingStatus>(nameof(IPlatformCall.UpdateRecordingStatusAsync)));
    }

    [Fact]
    public async Task MuteParticipantAsync_ForwardsTheParticipantIdAndRecordsTheVerb()
    {
        await Context.MuteParticipantAsync("p-7");

        Assert.Equal([nameof(IPlatformCall.MuteParticipantAsync)], Call.Recorder.Names);
        Assert.Equal("p-7", Call.Recorder.SingleArgument<string>(nameof(IPlatformCall.MuteParticipantAsync)));
        Assert.Contains(Harness.Manager.GetCall(CallId)!.RecentEvents, e => e.Kind == "mute-participant" && e.Detail.StartsWith("p-7 (", StringComparison.Ordinal));
        await Assert.ThrowsAsync<ArgumentException>(() => Context.MuteParticipantAsync(" "));
    }

    [Fact]
    public async Task Verbs_AfterCallEnded_ThrowOperationCanceledAndHangUpIsNoOp()
    {
        await Harness.EndAsync(Call);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Context.PlayPromptAsync(Prompt.FromUrl("https://prompts.example/bye.wav")));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Context.MuteAsync());
        await Context.HangUpAsync();

        Assert.Empty(Call.Recorder.Operations);
    }

    [Fact]
    public async Task HangUpAsync_ByHandler_SendsHangUpAndRecordsNormalTermination()
    {
        await Context.HangUpAsync();
        await Harness.EndAsync(Call);

        Assert.Equal([nameof(IPlatformCall.HangUpAsync)], Call.Recorder.Names);
        Assert.Equal(CallTermination.Normal, Harness.SingleRecord(CallId).Termination);
        Assert.Equal("placed", Harness.SingleRecord(CallId).Outcome);
    }

    [Fact]
    public async Task GetMediaAsync_ServiceHostedCall_ThrowsInvalidOperation()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Context.GetMediaAsync());

        Assert.StartsWith($"Call {CallId} uses ServiceHosted media", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMediaAsync_AppHostedCallOnAPlatformWithoutMedia_ThrowsNotSupported()
    {
        Harness.Platform.PrepareOutbound("out-media");
        await Harness.Manager.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User("user-1")], Media = MediaHosting.AppHosted }, new RecordingHandler(), CancellationToken.None);
        var context = Harness.Manager.FindCall("out-media")!;

        await Assert.ThrowsAsync<NotSupportedException>(() => context.GetMediaAsync());
    }

    [Fact]
    public async Task GetMediaAsync_DefaultImplementation_ReturnsATaskFaultedWithNotSupported()
    {
        ICallContext context = new MediaLessCallContext();

        var media = context.GetMediaAsync();

        Assert.True(media.IsFaulted);
        await Assert.ThrowsAsync<NotSupportedException>(() => media);
    }

    [Fact]
    public async Task StartAndStopMediaStreaming_ServiceHostedCall_ThrowInvalidOperation()
    {
        var start = await Assert.ThrowsAsync<InvalidOperationException>(() => Context.StartMediaStreamingAsync());
        var stop = await Assert.ThrowsAsync<InvalidOperationException>(() => Context.StopMediaStreamingAsync());

        Assert.StartsWith($"Call {CallId} uses ServiceHosted media", start.Message, StringComparison.Ordinal);
        Assert.StartsWith($"Call {CallId} uses ServiceHosted media", stop.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAndStopMediaStreaming_AppHostedCallOnAPlatformWithoutMedia_ThrowNotSupported()
    {
        Harness.Platform.PrepareOutbound("out-streaming");
        await Harness.Manager.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User("user-1")], Media = MediaHosting.AppHosted }, new RecordingHandler(), CancellationToken.None);
        var context = Harness.Manager.FindCall("out-streaming")!;

        await Assert.ThrowsAsync<NotSupportedException>(() => context.StartMediaStreamingAsync());
        await Assert.ThrowsAsync<NotSupportedException>(() => context.StopMediaStreamingAsync());
    }

    [Fact]
    public async Task StartAndStopMediaStreaming_DefaultImplementations_ReturnTasksFaultedWithNotSupported()
    {
        ICallContext context = new MediaLessCallContext();
        IPlatformCallMedia platform = new StreamingLessMedia();

        await Assert.ThrowsAsync<NotSupportedException>(() => context.StartMediaStreamingAsync());
        await Assert.ThrowsAsync<NotSupportedException>(() => context.StopMediaStreamingAsync());
        var start = await Assert.ThrowsAsync<NotSupportedException>(() => platform.StartMediaStreamingAsync(CancellationToken.None));
        await Assert.ThrowsAsync<NotSupportedException>(() => platform.StopMediaStreamingAsync(CancellationToken.None));
        Assert.Contains("for the whole call", start.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Items_WrittenFromManyThreadsAtOnce_KeepsEveryEntry()
    {
        const int writers = 8;
        const int perWriter = 5_000;
        using var start = new ManualResetEventSlim();

        var writing = Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            start.Wait();
            for (var i = 0; i < perWriter; i++)
            {
                Context.Items[$"{w}:{i}"] = i;
            }
        })).ToArray();
        start.Set();
        await Eventually.WithinAsync(Task.WhenAll(writing), "concurrent writes");

        Assert.Equal(writers * perWriter, Context.Items.Count);
        Assert.Equal(perWriter - 1, Context.Items[$"{writers - 1}:{perWriter - 1}"]);
    }

    /// <summary>A platform call's media that, like Teams', streams for the whole call.</summary>
    private sealed class StreamingLessMedia : IPlatformCallMedia
    {
        public Task<ICallMedia> GetMediaAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask CloseMediaAsync() => ValueTask.CompletedTask;
    }
}
