using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Platform;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Testing;

namespace CallingBot.Core.Tests.Manager;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "Disposed in IAsyncLifetime.DisposeAsync.")]
public sealed class CallContextVerbTests : IAsyncLifetime
{
    private readonly CallManagerHarness _harness = new();
    private FakePlatformCall _call = null!;
    private ICallContext _context = null!;

    public async Task InitializeAsync()
    {
        _call = await _harness.PlaceAsync("out-1", new RecordingHandler());
        _context = _harness.Manager.FindCall("out-1")!;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task PlayPromptAsync_OnePrompt_PlaysIt()
    {
        var prompt = Prompt.FromUrl("https://prompts.example/welcome.wav");

        await _context.PlayPromptAsync(prompt);

        var played = Assert.IsAssignableFrom<IReadOnlyList<Prompt>>(_call.Recorder.OnlyOperation(nameof(IPlatformCall.PlayPromptsAsync)).Argument);
        Assert.Equal([prompt], played);
    }

    [Fact]
    public async Task PlayPromptsAsync_Empty_ThrowsWithoutPlaying()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _context.PlayPromptsAsync([]));

        Assert.Equal("prompts", error.ParamName);
        Assert.Empty(_call.Recorder.Operations);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12x")]
    [InlineData("12E")]
    public async Task SendDtmfAsync_InvalidKeys_ThrowsWithoutSending(string tones)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _context.SendDtmfAsync(tones));

        Assert.Equal("tones", error.ParamName);
        Assert.Empty(_call.Recorder.Operations);
    }

    [Fact]
    public async Task SendDtmfAsync_ValidKeys_Sent()
    {
        await _context.SendDtmfAsync("123#*ABCD");

        Assert.Equal("123#*ABCD", _call.Recorder.SingleArgument<string>(nameof(IPlatformCall.SendDtmfTonesAsync)));
        Assert.Contains(_harness.Manager.GetCall("out-1")!.RecentEvents, e => e.Kind == "send-dtmf" && e.Detail.StartsWith("9 key(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TransferAsync_BlindAndConsultative_SendExpectedOptions()
    {
        var target = ParticipantIdentity.User("agent-7");

        await _context.TransferAsync(target);
        await _context.TransferAsync(target, "consult-call");

        var sent = _call.Recorder.Operations.Select(o => Assert.IsType<TransferOptions>(o.Argument)).ToArray();
        Assert.Equal([new TransferOptions(target), new TransferOptions(target, "consult-call")], sent);
    }

    [Fact]
    public async Task RecordResponseAsync_Completes_ReturnsResultAndRemembersReason()
    {
        var options = new RecordResponseOptions { MaxRecordDuration = TimeSpan.FromSeconds(30) };

        var result = await _context.RecordResponseAsync(options);

        Assert.Same(_call.RecordResponseResult, result);
        Assert.Same(options, _call.Recorder.SingleArgument<RecordResponseOptions>(nameof(IPlatformCall.RecordResponseAsync)));
        Assert.DoesNotContain("secret-token", result.ToString(), StringComparison.Ordinal);
        Assert.Contains(_harness.Manager.GetCall("out-1")!.RecentEvents, e => e.Kind == "record-response" && e.Detail == "stopToneDetected");
    }

    [Fact]
    public async Task Verbs_Simple_ForwardTheirArguments()
    {
        await _context.MuteAsync();
        await _context.UnmuteAsync();
        await _context.CancelMediaProcessingAsync();
        await _context.InviteAsync(ParticipantIdentity.User("expert"));
        await _context.RemoveParticipantAsync("p-9");
        await _context.UpdateRecordingStatusAsync(RecordingStatus.Recording);

        Assert.Equal(
            [nameof(IPlatformCall.MuteAsync), nameof(IPlatformCall.UnmuteAsync), nameof(IPlatformCall.CancelMediaProcessingAsync), nameof(IPlatformCall.InviteAsync), nameof(IPlatformCall.RemoveParticipantAsync), nameof(IPlatformCall.UpdateRecordingStatusAsync)],
            _call.Recorder.Names);
        Assert.Equal(ParticipantIdentity.User("expert"), _call.Recorder.SingleArgument<ParticipantIdentity>(nameof(IPlatformCall.InviteAsync)));
        Assert.Equal("p-9", _call.Recorder.SingleArgument<string>(nameof(IPlatformCall.RemoveParticipantAsync)));
        Assert.Equal(RecordingStatus.Recording, _call.Recorder.SingleArgument<RecordingStatus>(nameof(IPlatformCall.UpdateRecordingStatusAsync)));
    }

    [Fact]
    public async Task Verbs_AfterCallEnded_ThrowOperationCanceledAndHangUpIsNoOp()
    {
        await _harness.EndAsync(_call);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _context.PlayPromptAsync(Prompt.FromUrl("https://prompts.example/bye.wav")));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _context.MuteAsync());
        await _context.HangUpAsync();

        Assert.Empty(_call.Recorder.Operations);
    }

    [Fact]
    public async Task HangUpAsync_ByHandler_SendsHangUpAndRecordsNormalTermination()
    {
        await _context.HangUpAsync();
        await _harness.EndAsync(_call);

        Assert.Equal([nameof(IPlatformCall.HangUpAsync)], _call.Recorder.Names);
        Assert.Equal(CallTermination.Normal, _harness.SingleRecord("out-1").Termination);
        Assert.Equal("placed", _harness.SingleRecord("out-1").Outcome);
    }
}
