namespace CallingBot.History.Diagnostics;

/// <summary>
/// The history's state for health checks and gauges: whether its store answered the last attempt, and whether records
/// were dropped lately. Written by the writer, read from any thread.
/// </summary>
public sealed class CallHistoryStatus
{
    /// <summary>How long after the last dropped record the history still reports that it is dropping.</summary>
    public static readonly TimeSpan DroppingWindow = TimeSpan.FromMinutes(5);

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private Func<int> _queueLength = static () => 0;
    private string? _lastError;
    private DateTimeOffset? _unavailableSince;
    private DateTimeOffset? _lastDroppedAt;
    private long _dropped;
    private long _droppedInOutage;

    internal CallHistoryStatus(string store, bool persistent, TimeProvider timeProvider)
    {
        Store = store;
        IsPersistent = persistent;
        _time = timeProvider;
    }

    /// <summary><c>sqlite</c>, <c>postgresql</c> or <c>memory</c>.</summary>
    public string Store { get; }

    /// <summary>False for the Memory store (history lost on restart).</summary>
    public bool IsPersistent { get; }

    /// <summary>False from a failed attempt on the store until one succeeds.</summary>
    public bool IsAvailable
    {
        get
        {
            lock (_gate)
            {
                return _unavailableSince is null;
            }
        }
    }

    public DateTimeOffset? UnavailableSince
    {
        get
        {
            lock (_gate)
            {
                return _unavailableSince;
            }
        }
    }

    /// <summary>What the last failed attempt said (never a connection string).</summary>
    public string? LastError
    {
        get
        {
            lock (_gate)
            {
                return _lastError;
            }
        }
    }

    /// <summary>Records dropped since start (queue full, or not written at shutdown).</summary>
    public long DroppedRecords => Interlocked.Read(ref _dropped);

    /// <summary>True while a record was dropped within <see cref="DroppingWindow"/>.</summary>
    public bool IsDropping
    {
        get
        {
            lock (_gate)
            {
                return _lastDroppedAt is { } at && _time.GetUtcNow() - at < DroppingWindow;
            }
        }
    }

    /// <summary>Records waiting to be written.</summary>
    public int QueueLength => _queueLength();

    internal void AttachQueue(Func<int> queueLength) => _queueLength = queueLength;

    /// <summary>Records a failed attempt; true when it starts an outage (the caller logs it then, once).</summary>
    internal bool MarkFailed(string error)
    {
        lock (_gate)
        {
            _lastError = error;
            if (_unavailableSince is not null)
            {
                return false;
            }

            _unavailableSince = _time.GetUtcNow();
            _droppedInOutage = 0;
            return true;
        }
    }

    /// <summary>Records a successful attempt; true when it ends an outage, with how long it lasted and what it dropped.</summary>
    internal bool MarkAvailable(out TimeSpan outage, out long droppedInOutage)
    {
        lock (_gate)
        {
            outage = TimeSpan.Zero;
            droppedInOutage = 0;
            if (_unavailableSince is not { } since)
            {
                return false;
            }

            outage = _time.GetUtcNow() - since;
            droppedInOutage = _droppedInOutage;
            _unavailableSince = null;
            _lastError = null;
            return true;
        }
    }

    internal void RecordDropped(int count)
    {
        Interlocked.Add(ref _dropped, count);
        lock (_gate)
        {
            _lastDroppedAt = _time.GetUtcNow();
            _droppedInOutage += count;
        }
    }
}
