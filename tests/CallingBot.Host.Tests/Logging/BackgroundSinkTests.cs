using System.Collections.Concurrent;
using CallingBot.AspNetCore.Logging;
using CallingBot.Testing;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace CallingBot.Host.Tests.Logging;

/// <summary>The background writer of the service's log: off the logging thread, in order, nothing dropped, drained at dispose.</summary>
public sealed class BackgroundSinkTests
{
    [Fact]
    public async Task Emit_WhileTheTargetIsBusy_ReturnsAtOnceAndTheEventsFollowInOrder()
    {
        using var target = new GatedTarget();
        var batches = 0;
        using var sink = new BackgroundSink(target, () => Interlocked.Increment(ref batches));

        sink.Emit(Event(0));
        await Eventually.UntilAsync(() => target.Entered, "the writer takes the first event");
        var emitter = Environment.CurrentManagedThreadId;
        for (var i = 1; i < 50; i++)
        {
            sink.Emit(Event(i));
        }

        // The writer is held inside the target, so all of these were queued by the logging thread, not written by it.
        Assert.Empty(target.Written);
        target.Open();
        await Eventually.UntilAsync(() => target.Written.Count == 50, "all events written after the target is free");
        Assert.Equal(Enumerable.Range(0, 50), target.Written.Select(Number));
        // The writer was held inside the target while these were emitted, so it cannot be the thread that emitted them.
        // (After the awaits the test may resume on the pool thread the writer used; only the thread of the loop counts.)
        Assert.NotEqual(emitter, target.FirstThread);
        await Eventually.UntilAsync(() => Volatile.Read(ref batches) >= 1, "the writer flushes after the batch");
    }

    [Fact]
    public async Task Emit_WhenTheQueueIsFull_WaitsForRoomAndLosesNothing()
    {
        using var target = new GatedTarget();
        using var sink = new BackgroundSink(target, capacity: 2);

        sink.Emit(Event(0));
        await Eventually.UntilAsync(() => target.Entered, "the writer takes the first event");
        sink.Emit(Event(1));
        sink.Emit(Event(2));
        var blocked = Task.Run(() => sink.Emit(Event(3)));

        Assert.False(blocked.IsCompleted, "the fourth event waits for room while two are queued");
        target.Open();
        await Eventually.WithinAsync(blocked, "the waiting event is queued once there is room");
        await Eventually.UntilAsync(() => target.Written.Count == 4, "every event written");
        Assert.Equal([0, 1, 2, 3], target.Written.Select(Number));
    }

    [Fact]
    public void Dispose_WritesOutEveryQueuedEventThenDisposesTheTarget()
    {
        var target = new GatedTarget();
        target.Open();
        var sink = new BackgroundSink(target);
        for (var i = 0; i < 1000; i++)
        {
            sink.Emit(Event(i));
        }

        sink.Dispose();

        Assert.Equal(Enumerable.Range(0, 1000), target.Written.Select(Number));
        Assert.True(target.Disposed);
    }

    [Fact]
    public async Task Emit_AfterATargetFailure_GoesOnWriting()
    {
        using var target = new GatedTarget { FailOn = 1 };
        target.Open();
        using var sink = new BackgroundSink(target);

        for (var i = 0; i < 3; i++)
        {
            sink.Emit(Event(i));
        }

        await Eventually.UntilAsync(() => target.Written.Count == 2, "the events around the failing one are written");
        Assert.Equal([0, 2], target.Written.Select(Number));
    }

    private static LogEvent Event(int number) =>
        new(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, new MessageTemplateParser().Parse("Event {Number}"), [new LogEventProperty("Number", new ScalarValue(number))]);

    private static int Number(LogEvent logEvent) => (int)((ScalarValue)logEvent.Properties["Number"]).Value!;

    private sealed class GatedTarget : ILogEventSink, IDisposable
    {
        private readonly ManualResetEventSlim _gate = new();
        private readonly ConcurrentQueue<LogEvent> _written = new();
        private volatile bool _entered;

        public int? FailOn { get; init; }

        public bool Entered => _entered;

        public bool Disposed { get; private set; }

        public IReadOnlyList<LogEvent> Written => [.. _written];

        /// <summary>The thread that entered the target first (the writer, held at the gate until the test opens it).</summary>
        public int FirstThread { get; private set; }

        public void Open() => _gate.Set();

        public void Emit(LogEvent logEvent)
        {
            if (!_entered)
            {
                FirstThread = Environment.CurrentManagedThreadId;
            }

            _entered = true;
            Assert.True(_gate.Wait(TimeSpan.FromSeconds(30)), "the test opens the target");
            if (Number(logEvent) == FailOn)
            {
                throw new IOException("the disk is full");
            }

            _written.Enqueue(logEvent);
        }

        public void Dispose()
        {
            Disposed = true;
            _gate.Set();
        }
    }
}
