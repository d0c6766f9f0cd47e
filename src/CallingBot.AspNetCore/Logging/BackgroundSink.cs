using System.Threading.Channels;
using Serilog.Core;
using Serilog.Events;

namespace CallingBot.AspNetCore.Logging;

/// <summary>
/// Takes the work of writing the log off the threads that log: <see cref="Emit"/> only queues the event, and one
/// background task hands the queued events to <c>target</c> (the redaction, the formatters and the sinks) in
/// the order they were logged, then calls <c>afterBatch</c> once the queue is empty (to flush a buffered
/// writer once per batch instead of once per line). Nothing is dropped: when <c>capacity</c> events are
/// waiting, a logging thread waits for room. Disposing writes out every event queued before it.
/// </summary>
internal sealed class BackgroundSink : ILogEventSink, IDisposable
{
    /// <summary>Events that may wait to be written before a logging thread waits for room.</summary>
    public const int DefaultCapacity = 10_000;

    /// <summary>How long disposing waits for the queued events to be written.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<LogEvent> _queue;
    private readonly ILogEventSink _target;
    private readonly Action? _afterBatch;
    private readonly Task _writer;
    private int _disposed;

    public BackgroundSink(ILogEventSink target, Action? afterBatch = null, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _target = target;
        _afterBatch = afterBatch;
        _queue = Channel.CreateBounded<LogEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = Task.Factory.StartNew(WriteAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        if (_queue.Writer.TryWrite(logEvent))
        {
            return;
        }

        // Full: wait for room rather than lose the event (or, once disposed, write it here: nothing else will).
        try
        {
            _queue.Writer.WriteAsync(logEvent).AsTask().GetAwaiter().GetResult();
        }
        catch (ChannelClosedException)
        {
            WriteOne(logEvent);
            _afterBatch?.Invoke();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        _writer.Wait(DrainTimeout);
        (_target as IDisposable)?.Dispose();
    }

    private async Task WriteAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var logEvent))
            {
                WriteOne(logEvent);
            }

            try
            {
                _afterBatch?.Invoke();
            }
            catch (IOException exception)
            {
                Serilog.Debugging.SelfLog.WriteLine("Flushing the log failed: {0}", exception);
            }
        }
    }

    private void WriteOne(LogEvent logEvent)
    {
        try
        {
            _target.Emit(logEvent);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // As Serilog does for a failing sink: the application goes on; the failure goes to Serilog's self log.
            Serilog.Debugging.SelfLog.WriteLine("Writing a log event failed: {0}", exception);
        }
    }
}
