using System.Collections.Concurrent;
using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;

namespace CallingBot.Core.Tests.Fakes;

/// <summary>
/// Records each callback ("Established", "Joined:p1", "Terminated:200"…) in order and how many ran at once.
/// <see cref="Hook"/> runs inside a callback (by its recorded name) to block, throw or drive a flow.
/// </summary>
public class RecordingHandler : CallHandler
{
    private readonly ConcurrentQueue<string> _calls = new();
    private int _running;
    private int _maxConcurrency;

    public IReadOnlyList<string> Calls => _calls.ToArray();

    public int MaxConcurrency => Volatile.Read(ref _maxConcurrency);

    public ICallContext? Context { get; private set; }

    public CallTermination? Termination { get; private set; }

    /// <summary>Runs inside the callback named by its first argument (the recorded entry).</summary>
    public Func<string, ICallContext, CancellationToken, Task>? Hook { get; set; }

    /// <summary>Overrides the joining decision; null keeps the default (accept within capacity).</summary>
    public Func<ParticipantJoiningRequest, bool>? AcceptJoining { get; set; }

    public void Record(string entry) => _calls.Enqueue(entry);

    public override Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken) => RunAsync("Established", call, cancellationToken);

    public override Task OnAdoptedAsync(ICallContext call, CancellationToken cancellationToken) => RunAsync("Adopted", call, cancellationToken);

    public override Task OnTerminatedAsync(ICallContext call, CallTermination termination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(termination);
        Termination = termination;
        return RunAsync($"Terminated:{termination.Code}", call, cancellationToken);
    }

    public override Task OnParticipantJoinedAsync(ICallContext call, ParticipantInfo participant, CancellationToken cancellationToken) =>
        RunAsync($"Joined:{participant.Id}", call, cancellationToken);

    public override Task OnParticipantLeftAsync(ICallContext call, ParticipantInfo participant, CancellationToken cancellationToken) =>
        RunAsync($"Left:{participant.Id}", call, cancellationToken);

    public override Task OnParticipantMuteChangedAsync(ICallContext call, ParticipantInfo participant, CancellationToken cancellationToken) =>
        RunAsync($"Muted:{participant.Id}:{participant.IsMuted}", call, cancellationToken);

    public override Task OnToneReceivedAsync(ICallContext call, char tone, CancellationToken cancellationToken) =>
        RunAsync($"Tone:{tone}", call, cancellationToken);

    public override Task OnContentSharingStartedAsync(ICallContext call, string sessionId, CancellationToken cancellationToken) =>
        RunAsync($"SharingStarted:{sessionId}", call, cancellationToken);

    public override Task OnContentSharingEndedAsync(ICallContext call, string sessionId, CancellationToken cancellationToken) =>
        RunAsync($"SharingEnded:{sessionId}", call, cancellationToken);

    public override bool AcceptJoiningParticipant(ICallContext call, ParticipantJoiningRequest request) =>
        AcceptJoining is { } decide ? decide(request) : base.AcceptJoiningParticipant(call, request);

    public override Task OnParticipantJoiningAsync(ICallContext call, ParticipantInfo participant, bool accepted, CancellationToken cancellationToken) =>
        RunAsync($"Joining:{participant.Id}:{(accepted ? "accepted" : "rejected")}", call, cancellationToken);

    private async Task RunAsync(string entry, ICallContext call, CancellationToken cancellationToken)
    {
        Context = call;
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxConcurrency, running);
        try
        {
            _calls.Enqueue(entry);
            if (Hook is { } hook)
            {
                await hook(entry, call, cancellationToken);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
