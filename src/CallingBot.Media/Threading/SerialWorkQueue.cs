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
    // Idle, the queue holds no task, no waiter and no buffer segment: a consumer exists only while there is work. The
    // first item queued into an idle, started queue schedules a drain on the thread pool; the drain handles items until
    // the buffer is empty and then ends. A call's loop is idle most of its life, and a bot holds thousands of them.
    private readonly Queue<T> _items = new();
    private readonly Func<T, CancellationToken, ValueTask> _handler;
    private readonly Action<T>? _discard;
    private readonly int _capacity;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DrainWorkItem _drain;
    private ExecutionContext? _context;
    private bool _started;
    private bool _closed;
    private bool _draining;
    private bool _finished;

    /// <param name="handler">Handles one item; never called concurrently with itself.</param>
    /// <param name="capacity">Items held at most (null: unbounded). When full, the oldest item is dropped.</param>
    /// <param name="discard">Receives items that are dropped or never handled; may be null.</param>
    public SerialWorkQueue(Func<T, CancellationToken, ValueTask> handler, int? capacity = null, Action<T>? discard = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (capacity is { } bound)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(bound, 1, nameof(capacity));
        }

        _handler = handler;
        _discard = discard;
        _capacity = capacity ?? int.MaxValue;
        _drain = new DrainWorkItem(this);
    }

    /// <summary>Raised (on the queuing thread) for each item a full bounded queue dropped.</summary>
    public event Action<T>? ItemDropped;

    /// <summary>Completes when the consumer has finished: drained after <see cref="Complete"/>, stopped, or failed.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Cancelled by <see cref="Stop"/>: the handler's token.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public bool IsStarted
    {
        get
        {
            lock (_items)
            {
                return _started;
            }
        }
    }

    /// <summary>
    /// Starts the consumer. Throws when called twice. Items are handled on the thread pool, in the execution context
    /// of the caller of this method (none, when its flow is suppressed).
    /// </summary>
    public void Start()
    {
        bool drain;
        bool finish;
        lock (_items)
        {
            if (_started)
            {
                throw new InvalidOperationException("The work queue is already started.");
            }

            _started = true;
            _context = ExecutionContext.Capture();
            drain = _items.Count > 0 && !_stopping.IsCancellationRequested;
            _draining = drain;
            finish = !drain && _closed && TryFinishLocked();
        }

        if (drain)
        {
            ScheduleDrain();
        }
        else if (finish)
        {
            Finish(exception: null);
        }
    }

    /// <summary>Queues an item. False when the queue no longer takes items (completed, stopped or failed).</summary>
    public bool TryEnqueue(T item)
    {
        T dropped = default!;
        var hasDropped = false;
        bool drain;
        lock (_items)
        {
            if (_closed)
            {
                return false;
            }

            if (_items.Count >= _capacity)
            {
                dropped = _items.Dequeue();
                hasDropped = true;
            }

            _items.Enqueue(item);
            drain = _started && !_draining;
            _draining |= drain;
        }

        if (hasDropped)
        {
            Dropped(dropped);
        }

        if (drain)
        {
            ScheduleDrain();
        }

        return true;
    }

    /// <summary>Takes no more items; what is queued is still handled. Idempotent.</summary>
    public void Complete()
    {
        bool finish;
        lock (_items)
        {
            finish = CloseLocked();
        }

        if (finish)
        {
            Finish(exception: null);
        }
    }

    /// <summary>Takes no more items and cancels <see cref="Stopping"/>; items not yet handled are discarded. Idempotent.</summary>
    public void Stop()
    {
        bool finish;
        lock (_items)
        {
            finish = CloseLocked();
        }

        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }

        if (finish)
        {
            Finish(exception: null);
        }
    }

    /// <summary>Completes the queue and waits for the consumer; a queue never started discards what it holds.</summary>
    public async ValueTask DisposeAsync()
    {
        bool finish;
        lock (_items)
        {
            _started = true;
            finish = CloseLocked();
        }

        if (finish)
        {
            Finish(exception: null);
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

    /// <summary>Queues the drain on the thread pool; the work item is the queue's own, so waking a queue allocates nothing.</summary>
    private void ScheduleDrain() => ThreadPool.UnsafeQueueUserWorkItem(_drain, preferLocal: false);

    private void StartDrain()
    {
        if (_context is { } context)
        {
            ExecutionContext.Run(context, static state => _ = ((SerialWorkQueue<T>)state!).DrainAsync(), this);
        }
        else
        {
            _ = DrainAsync();
        }
    }

    /// <summary>The consumer: handles items until none is left, then ends (or finishes the queue once it is closed).</summary>
    private async Task DrainAsync()
    {
        try
        {
            while (true)
            {
                T item;
                lock (_items)
                {
                    if (_stopping.IsCancellationRequested || !_items.TryDequeue(out item!))
                    {
                        _draining = false;
                        if (!_closed || !TryFinishLocked())
                        {
                            return;
                        }

                        break;
                    }
                }

                await _handler(item, _stopping.Token).ConfigureAwait(false);
            }

            Finish(exception: null);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            if (CloseAfterDrainEnded())
            {
                Finish(exception: null);
            }
        }
        catch (Exception exception)
        {
            if (CloseAfterDrainEnded())
            {
                Finish(exception);
            }
        }
    }

    private bool CloseAfterDrainEnded()
    {
        lock (_items)
        {
            _draining = false;
            return CloseLocked();
        }
    }

    /// <summary>Takes no more items; true when the caller is to finish the queue now (started, and no drain running to do it).</summary>
    private bool CloseLocked()
    {
        _closed = true;
        return _started && !_draining && TryFinishLocked();
    }

    /// <summary>True once: the caller finishes the queue. Called under the lock, with the queue closed and no drain running.</summary>
    private bool TryFinishLocked()
    {
        if (_finished)
        {
            return false;
        }

        _finished = true;
        return true;
    }

    /// <summary>Discards what is left (no item can be added any more) and completes <see cref="Completion"/>.</summary>
    private void Finish(Exception? exception)
    {
        while (true)
        {
            T item;
            lock (_items)
            {
                if (!_items.TryDequeue(out item!))
                {
                    break;
                }
            }

            _discard?.Invoke(item);
        }

        if (exception is null)
        {
            _completion.TrySetResult();
        }
        else
        {
            _completion.TrySetException(exception);
        }
    }

    private void Dropped(T item)
    {
        ItemDropped?.Invoke(item);
        _discard?.Invoke(item);
    }

    /// <summary>Private, so only the queue itself can start a drain.</summary>
    private sealed class DrainWorkItem(SerialWorkQueue<T> queue) : IThreadPoolWorkItem
    {
        public void Execute() => queue.StartDrain();
    }
}
