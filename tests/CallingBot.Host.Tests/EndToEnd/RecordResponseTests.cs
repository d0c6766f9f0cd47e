using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Platform;
using CallingBot.Core.Routing;
using CallingBot.Emulator;
using CallingBot.Emulator.Control;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;

namespace CallingBot.Host.Tests.EndToEnd;

/// <summary>
/// A handler's RecordResponseAsync against a service that answers recordResponse the way Graph documents it: the
/// operation <c>running</c> in the response and its completion, with the recording, notified later. The verb returns
/// when the completion arrives (a stop tone here), and fails when the recording is cancelled.
/// </summary>
public sealed class RecordResponseTests : IAsyncLifetime
{
    private static readonly TimeSpan Phase = TimeSpan.FromSeconds(30);
    private readonly int _port = RealModeBot.FreePort();
    private GraphEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        // The simulated caller keeps talking: only a stop tone or a cancel ends the recording.
        _emulator = await GraphEmulator.StartAsync(new EmulatorOptions
        {
            HttpsPort = 0,
            HttpPort = 0,
            DataDirectory = null,
            DefaultTenantId = RealModeBot.TenantId,
            RecordedResponseDuration = TimeSpan.FromHours(1),
        });
        RealModeBot.Register(_emulator, _port);
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task RecordResponse_RunningUntilTheStopTone_ReturnsTheNotifiedRecording()
    {
        var handler = new RecordingHandler();
        await using var bot = await RealModeBot.StartAsync(_emulator, _port, new DelegateRouter(_ => CallDecision.Answer(handler)), new Dictionary<string, string?>());
        var callId = await RingAsync();
        await Eventually.UntilAsync(() => _emulator.Control.Requests(callId, "/recordResponse").Count == 1, "the handler starts recording", Phase);
        Assert.False(handler.Result.Task.IsCompleted, "the recording is still running at the service");

        await _emulator.Control.PressKeysAsync(callId, "#");

        var result = await Eventually.WithinAsync(handler.Result.Task, "the recording completes after the stop tone", Phase);
        Assert.NotNull(result.RecordingLocation);
        Assert.Contains($"/emulator/recordings/", result.RecordingLocation!.AbsolutePath, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(result.RecordingAccessToken));
        Assert.Equal("stopToneDetected", result.CompletionReason);
    }

    [Fact]
    public async Task RecordResponse_CancelledAtTheService_FailsTheVerb()
    {
        var handler = new RecordingHandler();
        await using var bot = await RealModeBot.StartAsync(_emulator, _port, new DelegateRouter(_ => CallDecision.Answer(handler)), new Dictionary<string, string?>());
        var callId = await RingAsync();
        await Eventually.UntilAsync(() => _emulator.Control.Requests(callId, "/recordResponse").Count == 1, "the handler starts recording", Phase);

        await handler.Call!.CancelMediaProcessingAsync(CancellationToken.None);

        var failure = await Assert.ThrowsAsync<PlatformException>(() => Eventually.WithinAsync(handler.Result.Task, "the cancelled recording fails the verb", Phase));
        Assert.Contains("cancelled", failure.Message, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<string> RingAsync()
    {
        var callId = await _emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = RealModeBot.AppId, FromUserId = "8a6d0b1e-0000-4000-8000-0000000a11ce", FromDisplayName = "Alice" });
        await Eventually.WithinAsync(_emulator.Control.WaitForCallStateAsync(callId, "established", Phase), "the call is answered and established", Phase);
        return callId;
    }

    private sealed class RecordingHandler : CallHandler
    {
        public TaskCompletionSource<RecordResponseResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ICallContext? Call { get; private set; }

        public override async Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
        {
            Call = call;
            try
            {
                Result.TrySetResult(await call.RecordResponseAsync(new RecordResponseOptions { StopTones = "#", MaxRecordDuration = TimeSpan.FromSeconds(60) }, cancellationToken));
            }
            catch (Exception exception)
            {
                Result.TrySetException(exception);
            }
        }
    }
}
