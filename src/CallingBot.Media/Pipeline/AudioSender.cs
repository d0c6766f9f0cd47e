using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallingBot.Media.Pipeline;

/// <summary>
/// Sends a call's outbound audio at the frame rate, driven by a <see cref="MediaClock"/>: the process's shared one
/// (<see cref="MediaPipelineOptions.Clock"/>), so every call sends on the same 20 ms ticks from one timer, or a private
/// one on the given <see cref="TimeProvider"/>. Frame n is due at start + n × frame duration, computed from the start
/// every time, so timer lateness never accumulates into drift over a long call. A frame that goes out late is sent at
/// once and counted; a send still in flight when the next tick comes delays that slot until it completes; when the
/// sender falls more than <see cref="MediaPipelineOptions.MaxCatchUp"/> behind, it skips the missed slots rather than
/// sending a burst. The clock fires its lead (<see cref="MediaPipelineOptions.SendLead"/> for a private one) before
/// each tick to absorb wake-up latency, so a frame can leave slightly early. Each slot sends the next queued frame (see
/// <see cref="TrySend"/>) mixed with the current playback (see <see cref="PlayAsync"/>), or nothing when both are empty.
/// </summary>
public sealed partial class AudioSender : IAsyncDisposable, IMediaClockSubscriber
{
    private readonly IMediaTransport _transport;
    private readonly MediaStatistics _statistics;
    private readonly AudioFramePool _pool;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _callId;
    private readonly TimeSpan _frameDuration;
    private readonly TimeSpan _lateThreshold;
    private readonly TimeSpan _maxCatchUp;
    private readonly TimeSpan _lead;
    private readonly Lock _gate = new();
    private readonly AudioFrame?[] _queue;
    private int _head;
    private int _count;
    private readonly MediaClock? _sharedClock;
    private Playback? _playback;
    private MediaClock? _ownClock;
    private IDisposable? _subscription;
    private long _startTimestamp;
    private long _slot;
    private bool _started;
    private bool _ticking;
    private bool _sending;
    private bool _disposed;
    private bool _sendFailureLogged;
    private Task? _pendingSend;

    public AudioSender(
        string callId,
        IMediaTransport transport,
        MediaStatistics statistics,
        MediaPipelineOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<AudioSender>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(statistics);
        options ??= new MediaPipelineOptions();
        options.ThrowIfInvalid();
        _callId = callId;
        _transport = transport;
        _statistics = statistics;
        _pool = options.ResolvePool();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _frameDuration = options.AudioFormat.FrameDuration;
        _lateThreshold = options.LateThreshold;
        _maxCatchUp = options.MaxCatchUp;
        _lead = options.SendLead;
        _queue = new AudioFrame?[options.OutboundQueueCapacity];

        // A shared clock drives this sender only when it ticks at this call's frame rate on the same time provider.
        _sharedClock = options.Clock is { } clock && clock.Period == _frameDuration && ReferenceEquals(clock.TimeProvider, _time) ? clock : null;
    }

    /// <summary>The clock driving this sender: the shared one, or its private one once started.</summary>
    public MediaClock? Clock => _sharedClock ?? _ownClock;

    public AudioFormat Format => _pool.Format;

    /// <summary>The pool outbound frames should be rented from.</summary>
    public AudioFramePool Pool => _pool;

    /// <summary>Frames waiting for their slot.</summary>
    public int QueuedFrames
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>True while a source started by <see cref="PlayAsync"/> is playing.</summary>
    public bool IsPlaying
    {
        get
        {
            lock (_gate)
            {
                return _playback is not null;
            }
        }
    }

    /// <summary>Slots elapsed since <see cref="Start"/>: the index of the next frame to send.</summary>
    public long NextSlot
    {
        get
        {
            lock (_gate)
            {
                return _slot;
            }
        }
    }

    /// <summary>
    /// Queues <paramref name="frame"/> for the next free slot and takes ownership of it: nobody may modify it
    /// afterwards (copy a frame you share, as <c>EchoProcessor</c> does). When the queue is full the oldest
    /// frame is dropped and counted. Returns false, disposing the frame, once the sender is disposed.
    /// </summary>
    public bool TrySend(AudioFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        AudioFrame? dropped = null;
        lock (_gate)
        {
            if (_disposed)
            {
                dropped = frame;
            }
            else
            {
                if (_count == _queue.Length)
                {
                    dropped = _queue[_head];
                    _queue[_head] = null;
                    _head = (_head + 1) % _queue.Length;
                    _count--;
                    _statistics.RecordOutboundDropped();
                }

                _queue[(_head + _count) % _queue.Length] = frame;
                _count++;
            }
        }

        dropped?.Dispose();
        return !ReferenceEquals(dropped, frame);
    }

    /// <summary>
    /// Plays <paramref name="source"/> from the next slot on, mixed with any queued frames. Completes with
    /// true when the source ends, false when playback is replaced by another <see cref="PlayAsync"/>, stopped
    /// by <see cref="StopPlayback"/> or the sender is disposed, and as canceled when the token fires.
    /// </summary>
    public Task<bool> PlayAsync(IAudioSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<bool>(cancellationToken);
        }

        var playback = new Playback(source);
        Playback? previous;
        lock (_gate)
        {
            if (_disposed)
            {
                return Task.FromResult(false);
            }

            previous = _playback;
            _playback = playback;
        }

        previous?.Complete(false);
        if (cancellationToken.CanBeCanceled)
        {
            playback.Registration = cancellationToken.UnsafeRegister(
                static (state, token) =>
                {
                    var (sender, playback) = ((AudioSender, Playback))state!;
                    sender.EndPlayback(playback);
                    playback.Cancel(token);
                },
                (this, playback));
        }

        return playback.Completion.Task;
    }

    /// <summary>Stops the current playback (its task completes with false).</summary>
    public void StopPlayback()
    {
        Playback? playback;
        lock (_gate)
        {
            playback = _playback;
            _playback = null;
        }

        playback?.Complete(false);
    }

    /// <summary>Drops every queued frame and stops playback: what a bot does on barge-in.</summary>
    public void Clear()
    {
        StopPlayback();
        while (TryDequeue() is { } frame)
        {
            frame.Dispose();
        }
    }

    /// <summary>
    /// Starts sending: the first slot is the clock's next tick (now, for a private clock or an idle shared one).
    /// </summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                return;
            }

            _started = true;
        }

        var clock = _sharedClock ?? (_ownClock = new MediaClock(_frameDuration, _time, _lead));
        var subscription = clock.Subscribe(this, first =>
        {
            lock (_gate)
            {
                _startTimestamp = first;
                _slot = 0;
                _ticking = true;
            }
        });
        lock (_gate)
        {
            if (!_disposed)
            {
                _subscription = subscription;
                return;
            }
        }

        subscription.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        IDisposable? subscription;
        MediaClock? ownClock;
        Playback? playback;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            subscription = _subscription;
            _subscription = null;
            ownClock = _ownClock;
            playback = _playback;
            _playback = null;
        }

        subscription?.Dispose();
        if (ownClock is not null)
        {
            await ownClock.DisposeAsync().ConfigureAwait(false);
        }

        playback?.Complete(false);
        if (Volatile.Read(ref _pendingSend) is { } pending)
        {
            await pending.ConfigureAwait(false);
        }

        while (TryDequeue() is { } frame)
        {
            frame.Dispose();
        }
    }

    /// <summary>A tick of the clock: sends the frames that are due, unless a send is still in flight.</summary>
    void IMediaClockSubscriber.OnTick() => SendDueFrames();

    /// <summary>
    /// Sends every slot that is due (normally one per tick; more when catching up after a slow send, within
    /// <see cref="MediaPipelineOptions.MaxCatchUp"/>). Returns when nothing more is due or a send is in flight; that
    /// send's completion calls it again.
    /// </summary>
    private void SendDueFrames()
    {
        // A tick serves the slot due around it: timers round to whole milliseconds and may fire a little before the
        // instant they were armed for, so "due" allows half a frame, not just the clock's lead.
        var tolerance = _frameDuration / 2;
        while (true)
        {
            var now = _time.GetTimestamp();
            TimeSpan lateness;
            Playback? playback;
            AudioFrame? queued;
            long slot;
            lock (_gate)
            {
                if (_disposed || !_ticking || _sending || Elapsed(now, DueTimestamp(_slot)) >= tolerance)
                {
                    return;
                }

                lateness = Elapsed(DueTimestamp(_slot), now);
                if (lateness > _maxCatchUp)
                {
                    _slot = Elapsed(_startTimestamp, now).Ticks / _frameDuration.Ticks;
                    lateness = Elapsed(DueTimestamp(_slot), now);
                    _statistics.RecordPacingResync();
                    Log.PacingResync(_logger, _callId, _slot);
                }

                slot = _slot++;
                queued = DequeueLocked();
                playback = _playback;
                _sending = true;
            }

            var frame = Mix(queued, playback);
            if (frame is not null)
            {
                frame.Timestamp = _frameDuration * slot;
                _statistics.RecordSent(lateness, lateness > _lateThreshold);
                if (!Send(frame))
                {
                    return;
                }
            }

            lock (_gate)
            {
                _sending = false;
            }
        }
    }

    private AudioFrame? Mix(AudioFrame? queued, Playback? playback)
    {
        if (playback is null)
        {
            return queued;
        }

        var played = _pool.Rent();
        try
        {
            if (!playback.Source.TryRead(played))
            {
                played.Dispose();
                EndPlayback(playback);
                playback.Complete(true);
                return queued;
            }
        }
        catch (Exception ex)
        {
            Log.SourceFailed(_logger, _callId, ex);
            played.Dispose();
            EndPlayback(playback);
            playback.Fail(ex);
            return queued;
        }

        played.IsSilent = false;
        if (queued is not null)
        {
            AudioLevel.MixInto(played.Samples, queued.Samples);
            queued.Dispose();
        }

        return played;
    }

    /// <summary>Sends <paramref name="frame"/>; true when that finished at once, false when it completes later.</summary>
    private bool Send(AudioFrame frame)
    {
        ValueTask pending;
        try
        {
            pending = _transport.SendAudioAsync(frame);
        }
        catch (Exception ex)
        {
            OnSendFailed(ex);
            frame.Dispose();
            return true;
        }

        if (pending.IsCompletedSuccessfully)
        {
            pending.GetAwaiter().GetResult();
            frame.Dispose();
            return true;
        }

        Volatile.Write(ref _pendingSend, AwaitSendAsync(pending, frame));
        return false;
    }

    private async Task AwaitSendAsync(ValueTask pending, AudioFrame frame)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            OnSendFailed(ex);
        }
        finally
        {
            frame.Dispose();
        }

        lock (_gate)
        {
            _sending = false;
        }

        // Ticks that came while the send was in flight were skipped: send what has become due since.
        SendDueFrames();
    }

    private void OnSendFailed(Exception ex)
    {
        _statistics.RecordSendError();
        if (!_sendFailureLogged)
        {
            _sendFailureLogged = true;
            Log.SendFailed(_logger, _callId, ex);
        }
    }

    private void EndPlayback(Playback playback)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_playback, playback))
            {
                _playback = null;
            }
        }
    }

    private AudioFrame? TryDequeue()
    {
        lock (_gate)
        {
            return DequeueLocked();
        }
    }

    private AudioFrame? DequeueLocked()
    {
        if (_count == 0)
        {
            return null;
        }

        var frame = _queue[_head];
        _queue[_head] = null;
        _head = (_head + 1) % _queue.Length;
        _count--;
        return frame;
    }

    private long DueTimestamp(long slot) =>
        _startTimestamp + (long)((Int128)slot * _frameDuration.Ticks * _time.TimestampFrequency / TimeSpan.TicksPerSecond);

    private TimeSpan Elapsed(long from, long to) =>
        TimeSpan.FromTicks((long)((Int128)(to - from) * TimeSpan.TicksPerSecond / _time.TimestampFrequency));

    private sealed class Playback(IAudioSource source)
    {
        public IAudioSource Source { get; } = source;

        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }

        public void Complete(bool playedToEnd)
        {
            Registration.Unregister();
            Completion.TrySetResult(playedToEnd);
        }

        public void Cancel(CancellationToken token) => Completion.TrySetCanceled(token);

        public void Fail(Exception exception)
        {
            Registration.Unregister();
            Completion.TrySetException(exception);
        }
    }
}
