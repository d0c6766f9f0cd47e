using System.Threading.Channels;

namespace CallingBot.Media.Threading;

/// <summary>
/// One consumer that handles typed work items one at a time, in the order they were queued: the message pump of a
/// call, a media pipeline or a status reporter. It has an explicit <see cref="Start"/> (nothing runs from a
/// constructor), a bounded or unbounded buffer, and one observable <see cref="Completion"/>.
/// </summary>
/// <remarks>
/// <para>Items queued before <see cref="Start"/> wait and are handled once it is called. <see cref="Complete"/> lets
/// the queue drain what it holds and then finish; <see cref="Stop"/> also cancels the token handed to the handler, so
/// a long item can end promptly. Items left unhandled are given to the <c>discard</c> callback (for example to return
/// pooled buffers), as are items dropped by a full bounded queue.</para>
/// <para>An exception thrown by the handler ends the queue: <see cref="Completion"/> faults with it, later items are
/// refused and discarded. Owners that must survive a failing item catch inside their handler.</para>
/// </remarks>
/// <typeparam name="T">The work item type.</typeparam>
public sealed class SerialWorkQueue<T> : IAsyncDisposable
{
    private readonly Channel<T> _channel;
    private readonly Func<T, CancellationToken, ValueTask> _handler;
    private readonly Action<T>? _discard;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    /// <param name="handler">Handles one item; never called concurrently with itself.</param>
    /// <param name="capacity">Items held at most (null: unbounded). When full, the oldest item is dropped.</param>
    /// <param name="discard">Receives items that are dropped or never handled; may be null.</param>
    public SerialWorkQueue(Func<T, CancellationToken, ValueTask> handler, int? capacity = null, Action<T>? discard = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = handler;
        _discard = discard;
        if (capacity is { } bound)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(bound, 1, nameof(capacity));
            _channel = Channel.CreateBounded<T>(
                new BoundedChannelOptions(bound) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false },
                (Action<T>)Dropped);
        }
        else
        {
            _channel = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
        }
    }

    /// <summary>Raised (on the queuing thread) for each item a full bounded queue dropped.</summary>
    public event Action<T>? ItemDropped;

    /// <summary>Completes when the consumer has finished: drained after <see cref="Complete"/>, stopped, or failed.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Cancelled by <see cref="Stop"/>: the handler's token.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public bool IsStarted => Volatile.Read(ref _started) != 0;

    /// <summary>Starts the consumer. Throws when called twice.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The work queue is already started.");
        }

        _ = Task.Run(RunAsync);
    }

    /// <summary>Queues an item. False when the queue no longer takes items (completed, stopped or failed).</summary>
    public bool TryEnqueue(T item) => _channel.Writer.TryWrite(item);

    /// <summary>Takes no more items; what is queued is still handled. Idempotent.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>Takes no more items and cancels <see cref="Stopping"/>; items not yet handled are discarded. Idempotent.</summary>
    public void Stop()
    {
        _channel.Writer.TryComplete();
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    /// <summary>Completes the queue and waits for the consumer; a queue never started discards what it holds.</summary>
    public async ValueTask DisposeAsync()
    {
        Complete();
        if (!IsStarted && Interlocked.Exchange(ref _started, 1) == 0)
        {
            DiscardRemaining();
            _completion.TrySetResult();
        }

        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The owner observes failures through Completion; disposing does not rethrow them.
        }
    }

    private async Task RunAsync()
    {
        try
        {
            var reader = _channel.Reader;
            while (!_stopping.IsCancellationRequested && await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (!_stopping.IsCancellationRequested && reader.TryRead(out var item))
                {
                    await _handler(item, _stopping.Token).ConfigureAwait(false);
                }
            }

            DiscardRemaining();
            _completion.TrySetResult();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            DiscardRemaining();
            _completion.TrySetResult();
        }
        catch (Exception exception)
        {
            _channel.Writer.TryComplete();
            DiscardRemaining();
            _completion.TrySetException(exception);
        }
    }

    private void DiscardRemaining()
    {
        while (_channel.Reader.TryRead(out var item))
        {
            _discard?.Invoke(item);
        }
    }

    private void Dropped(T item)
    {
        ItemDropped?.Invoke(item);
        _discard?.Invoke(item);
    }
}
