using CallingBot.Core.Platform;

namespace CallingBot.Core.Tests.Fakes;

/// <summary>Records whether the bot accepted or rejected a joining participant.</summary>
public sealed class FakeParticipantJoining : IPlatformParticipantJoining
{
    public OperationRecorder Recorder { get; } = new();

    public Task AcceptAsync(CancellationToken cancellationToken) => Recorder.RunAsync(nameof(AcceptAsync), null, cancellationToken);

    public Task RejectAsync(CancellationToken cancellationToken) => Recorder.RunAsync(nameof(RejectAsync), null, cancellationToken);
}
