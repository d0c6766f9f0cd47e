using System.Collections.Concurrent;
using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;

namespace CallingBot.Host.Tests.Infrastructure;

/// <summary>A handler that records what it saw and exposes awaitable milestones.</summary>
public class RecordingHandler : CallHandler
{
    public ConcurrentQueue<string> Events { get; } = new();

    public TaskCompletionSource<ICallContext> Established { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<CallTermination> Terminated { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
    {
        Events.Enqueue("established");
        Established.TrySetResult(call);
        return Task.CompletedTask;
    }

    public override Task OnTerminatedAsync(ICallContext call, CallTermination termination, CancellationToken cancellationToken)
    {
        Events.Enqueue("terminated");
        Terminated.TrySetResult(termination);
        return Task.CompletedTask;
    }

    public override Task OnParticipantJoinedAsync(ICallContext call, ParticipantInfo participant, CancellationToken cancellationToken)
    {
        Events.Enqueue($"joined:{participant.Identity.Id}");
        return Task.CompletedTask;
    }

    public override Task OnParticipantLeftAsync(ICallContext call, ParticipantInfo participant, CancellationToken cancellationToken)
    {
        Events.Enqueue($"left:{participant.Identity.Id}");
        return Task.CompletedTask;
    }

    public override Task OnToneReceivedAsync(ICallContext call, char tone, CancellationToken cancellationToken)
    {
        Events.Enqueue($"tone:{tone}");
        return Task.CompletedTask;
    }
}
