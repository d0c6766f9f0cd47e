using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Tests.Infrastructure;

namespace CallingBot.Emulator.Tests.Calls;

/// <summary>
/// A call raises its events after releasing its lock, one raise at a time: a subscriber may read or change the call,
/// on its own thread or by waiting for another, without deadlocking or being re-entered.
/// </summary>
public sealed class CallEventsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly IdentityRef Joiner = new("user", "5b6c7d8e-0000-4000-8000-00000000000b", "Joiner");

    [Fact]
    public async Task CallChanged_SubscriberReadsASnapshotOnAnotherThread_DoesNotDeadlock()
    {
        await using var harness = new CallHarness();
        var call = harness.PlaceEstablishedCall();
        var subscriber = new BlockingSubscriber(c => harness.Registry.Snapshot(c.Id));
        harness.Registry.CallChanged += subscriber.OnChanged;

        call.Remote.HangUp();

        Assert.True(subscriber.FinishedInTime, "A snapshot taken on another thread by a CallChanged subscriber did not complete: the event was raised with the call's lock held.");
        Assert.Equal(CallStates.Terminated, ((CallSnapshot)subscriber.Result!).State);
    }

    [Fact]
    public async Task CallChanged_SubscriberWaitsForAnOperationOnAnotherThread_DoesNotDeadlockAndSeesItAfterwards()
    {
        await using var harness = new CallHarness();
        var call = harness.PlaceEstablishedCall();
        var subscriber = new BlockingSubscriber(c =>
        {
            c.Remote.HangUp();
            return c.State;
        });
        var states = new List<EmulatedCallState>();
        call.Changed += subscriber.OnChanged;
        call.Changed += c => states.Add(c.State);

        call.Participants.Join(Joiner, null);

        Assert.True(subscriber.FinishedInTime, "A hang-up on another thread awaited by a Changed subscriber did not complete: the event was raised with the call's lock held.");
        Assert.Equal(EmulatedCallState.Terminated, subscriber.Result);
        Assert.Equal(EmulatedCallState.Terminated, states[^1]);
    }

    [Fact]
    public async Task Changed_SubscriberChangesTheCall_IsCalledAgainAfterwardsNotFromWithin()
    {
        await using var harness = new CallHarness();
        var call = harness.PlaceEstablishedCall();
        var depth = 0;
        var deepest = 0;
        var seen = new List<string>();
        call.Changed += c =>
        {
            deepest = Math.Max(deepest, ++depth);
            seen.Add(c.Snapshot().State);
            if (seen.Count == 1)
            {
                c.Remote.HangUp();
            }

            depth--;
        };

        call.Participants.Join(Joiner, null);

        Assert.Equal(1, deepest);
        Assert.Equal([CallStates.Established, CallStates.Terminated], seen);
    }

    [Fact]
    public async Task Ended_SubscriberReadsTheCallOnAnotherThread_SeesItTerminated()
    {
        await using var harness = new CallHarness();
        var call = harness.PlaceEstablishedCall();
        var subscriber = new BlockingSubscriber(c => c.State);
        call.Ended += subscriber.OnChanged;

        call.Remote.HangUp();

        Assert.True(subscriber.FinishedInTime, "Ended was raised with the call's lock held.");
        Assert.Equal(EmulatedCallState.Terminated, subscriber.Result);
        Assert.Equal(1, subscriber.Calls);
    }

    [Fact]
    public async Task NextChange_AfterAChange_Completes()
    {
        await using var harness = new CallHarness();
        var call = harness.PlaceEstablishedCall();
        var next = call.NextChange;

        call.Participants.Join(Joiner, null);

        Assert.True(next.IsCompleted);
        Assert.False(call.NextChange.IsCompleted);
    }

    /// <summary>On its first event, does <c>work</c> on another thread and waits for it (a bounded time).</summary>
    private sealed class BlockingSubscriber(Func<EmulatedCall, object?> work)
    {
        public bool? FinishedInTime { get; private set; }

        public object? Result { get; private set; }

        public int Calls { get; private set; }

        public void OnChanged(EmulatedCall call)
        {
            Calls++;
            if (FinishedInTime is not null)
            {
                return;
            }

            var task = Task.Run(() => work(call));
            FinishedInTime = task.Wait(Patience);
            Result = FinishedInTime == true ? task.Result : null;
        }
    }
}
