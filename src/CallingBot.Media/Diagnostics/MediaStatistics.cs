using CallingBot.Media.Audio;

namespace CallingBot.Media.Diagnostics;

/// <summary>
/// Per-call media counters. Inbound: frames received, processed, dropped by back-pressure, missing (gaps in
/// the media timestamps of a source), out of order, and RFC 3550 interarrival jitter computed from media
/// timestamps against arrival times on the pipeline's <see cref="TimeProvider"/>. Outbound: frames sent,
/// late (sent more than the late threshold after their due time), dropped from a full send queue, and
/// pacing resynchronisations. Counters are updated without locks and may be read from any thread.
/// </summary>
public sealed class MediaStatistics
{
    private readonly AudioFormat _format;
    private readonly TimeProvider _time;
    private readonly MediaMetrics? _metrics;
    private readonly SourceMap<InboundSource> _sources = new();
    private readonly Lock _sourcesGate = new();
    private long _framesReceived;
    private long _framesProcessed;
    private long _framesDropped;
    private long _missingFrames;
    private long _outOfOrderFrames;
    private long _framesSent;
    private long _lateFrames;
    private long _outboundDropped;
    private long _pacingResyncs;
    private long _processorErrors;
    private long _sendErrors;
    private long _videoFramesReceived;
    private long _videoFramesDropped;
    private long _messagesRejected;

    public MediaStatistics(AudioFormat format, TimeProvider timeProvider)
        : this(format, timeProvider, metrics: null)
    {
    }

    /// <param name="metrics">The process-wide instruments that also count this call's frames; null for none.</param>
    internal MediaStatistics(AudioFormat format, TimeProvider timeProvider, MediaMetrics? metrics)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _format = format;
        _time = timeProvider;
        _metrics = metrics;
    }

    public long FramesReceived => Interlocked.Read(ref _framesReceived);

    public long FramesProcessed => Interlocked.Read(ref _framesProcessed);

    /// <summary>Inbound frames discarded because the processors fell behind (drop-oldest).</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);

    /// <summary>Frames absent from a source's media timeline (gaps larger than one frame).</summary>
    public long MissingFrames => Interlocked.Read(ref _missingFrames);

    public long OutOfOrderFrames => Interlocked.Read(ref _outOfOrderFrames);

    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Outbound frames sent later than the late threshold after their due time.</summary>
    public long LateFrames => Interlocked.Read(ref _lateFrames);

    /// <summary>Outbound frames discarded because the send queue was full (drop-oldest).</summary>
    public long OutboundDropped => Interlocked.Read(ref _outboundDropped);

    /// <summary>Times the sender fell so far behind that it skipped ahead instead of sending a burst.</summary>
    public long PacingResyncs => Interlocked.Read(ref _pacingResyncs);

    public long ProcessorErrors => Interlocked.Read(ref _processorErrors);

    public long SendErrors => Interlocked.Read(ref _sendErrors);

    public long VideoFramesReceived => Interlocked.Read(ref _videoFramesReceived);

    public long VideoFramesDropped => Interlocked.Read(ref _videoFramesDropped);

    /// <summary>Inbound messages that were malformed (bad JSON, bad base64, a frame of the wrong length) and were dropped without closing the connection.</summary>
    public long MessagesRejected => Interlocked.Read(ref _messagesRejected);

    /// <summary>Largest interarrival jitter among the inbound sources (RFC 3550, section 6.4.1).</summary>
    public TimeSpan Jitter
    {
        get
        {
            lock (_sourcesGate)
            {
                double max = 0;
                foreach (var source in _sources.Values)
                {
                    max = Math.Max(max, source.JitterTicks);
                }

                return TimeSpan.FromTicks((long)Math.Round(max));
            }
        }
    }

    /// <summary>Time from a frame's arrival to the end of the last processor.</summary>
    public LatencyHistogram ProcessingDelay { get; } = new();

    /// <summary>Time from an outbound frame's due time to the moment it was handed to the transport.</summary>
    public LatencyHistogram SendDelay { get; } = new();

    public MediaStatisticsSnapshot Snapshot() => new()
    {
        FramesReceived = FramesReceived,
        FramesProcessed = FramesProcessed,
        FramesDropped = FramesDropped,
        MissingFrames = MissingFrames,
        OutOfOrderFrames = OutOfOrderFrames,
        FramesSent = FramesSent,
        LateFrames = LateFrames,
        OutboundDropped = OutboundDropped,
        PacingResyncs = PacingResyncs,
        ProcessorErrors = ProcessorErrors,
        SendErrors = SendErrors,
        VideoFramesReceived = VideoFramesReceived,
        VideoFramesDropped = VideoFramesDropped,
        MessagesRejected = MessagesRejected,
        Jitter = Jitter,
        ProcessingDelayP50 = ProcessingDelay.GetPercentile(50),
        ProcessingDelayP99 = ProcessingDelay.GetPercentile(99),
        SendDelayP50 = SendDelay.GetPercentile(50),
        SendDelayP99 = SendDelay.GetPercentile(99),
        SendDelayMax = SendDelay.Max,
    };

    /// <summary>
    /// One snapshot of several connections' counters (a call whose media streamed more than once): counts summed,
    /// delay percentiles over all their frames, the largest jitter.
    /// </summary>
    public static MediaStatisticsSnapshot Combine(IReadOnlyList<MediaStatistics> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 1)
        {
            return parts[0].Snapshot();
        }

        var processing = new LatencyHistogram();
        var sending = new LatencyHistogram();
        var total = new MediaStatisticsSnapshot();
        foreach (var part in parts)
        {
            var one = part.Snapshot();
            processing.Add(part.ProcessingDelay);
            sending.Add(part.SendDelay);
            total = total with
            {
                FramesReceived = total.FramesReceived + one.FramesReceived,
                FramesProcessed = total.FramesProcessed + one.FramesProcessed,
                FramesDropped = total.FramesDropped + one.FramesDropped,
                MissingFrames = total.MissingFrames + one.MissingFrames,
                OutOfOrderFrames = total.OutOfOrderFrames + one.OutOfOrderFrames,
                FramesSent = total.FramesSent + one.FramesSent,
                LateFrames = total.LateFrames + one.LateFrames,
                OutboundDropped = total.OutboundDropped + one.OutboundDropped,
                PacingResyncs = total.PacingResyncs + one.PacingResyncs,
                ProcessorErrors = total.ProcessorErrors + one.ProcessorErrors,
                SendErrors = total.SendErrors + one.SendErrors,
                VideoFramesReceived = total.VideoFramesReceived + one.VideoFramesReceived,
                VideoFramesDropped = total.VideoFramesDropped + one.VideoFramesDropped,
                MessagesRejected = total.MessagesRejected + one.MessagesRejected,
                Jitter = one.Jitter > total.Jitter ? one.Jitter : total.Jitter,
            };
        }

        return total with
        {
            ProcessingDelayP50 = processing.GetPercentile(50),
            ProcessingDelayP99 = processing.GetPercentile(99),
            SendDelayP50 = sending.GetPercentile(50),
            SendDelayP99 = sending.GetPercentile(99),
            SendDelayMax = sending.Max,
        };
    }

    /// <summary>Accounts an inbound frame that arrived at <paramref name="arrivalTimestamp"/> (a <see cref="TimeProvider"/> timestamp).</summary>
    internal void RecordReceived(AudioFrame frame, long arrivalTimestamp)
    {
        Interlocked.Increment(ref _framesReceived);
        _metrics?.FramesReceived.Add(1, MediaMetrics.Audio);
        var arrivalTicks = (double)arrivalTimestamp * TimeSpan.TicksPerSecond / _time.TimestampFrequency;
        var frameTicks = _format.FrameDuration.Ticks;
        lock (_sourcesGate)
        {
            var source = _sources.Find(frame.ParticipantId);
            if (source is null)
            {
                source = new InboundSource();
                _sources.Add(frame.ParticipantId, source);
            }

            var media = frame.Timestamp.Ticks;
            var transit = arrivalTicks - media;
            if (!source.HasPrevious)
            {
                source.HasPrevious = true;
            }
            else
            {
                var step = media - source.LastMediaTicks;
                if (step <= 0)
                {
                    Interlocked.Increment(ref _outOfOrderFrames);
                    return;
                }

                if (step * 2 > frameTicks * 3)
                {
                    var missing = (long)Math.Round((double)step / frameTicks) - 1;
                    Interlocked.Add(ref _missingFrames, missing);
                    _metrics?.FramesMissing.Add(missing);
                }

                var d = transit - source.LastTransitTicks;
                source.JitterTicks += (Math.Abs(d) - source.JitterTicks) / 16;
                if (_metrics is { } metrics && ++source.FramesSinceJitterSample >= MediaMetrics.JitterSampleInterval)
                {
                    source.FramesSinceJitterSample = 0;
                    metrics.Jitter.Record(source.JitterTicks / TimeSpan.TicksPerSecond);
                }
            }

            source.LastMediaTicks = media;
            source.LastTransitTicks = transit;
        }
    }

    internal void RecordProcessed(TimeSpan delay)
    {
        Interlocked.Increment(ref _framesProcessed);
        ProcessingDelay.Record(delay);
    }

    internal void RecordDropped()
    {
        Interlocked.Increment(ref _framesDropped);
        _metrics?.FramesDropped.Add(1, MediaMetrics.Inbound, MediaMetrics.Audio);
    }

    internal void RecordSent(TimeSpan lateness, bool late)
    {
        Interlocked.Increment(ref _framesSent);
        SendDelay.Record(lateness);
        _metrics?.FramesSent.Add(1);
        if (late)
        {
            Interlocked.Increment(ref _lateFrames);
            _metrics?.FramesLate.Add(1);
        }
    }

    internal void RecordOutboundDropped()
    {
        Interlocked.Increment(ref _outboundDropped);
        _metrics?.FramesDropped.Add(1, MediaMetrics.Outbound, MediaMetrics.Audio);
    }

    internal void RecordPacingResync() => Interlocked.Increment(ref _pacingResyncs);

    internal void RecordProcessorError() => Interlocked.Increment(ref _processorErrors);

    internal void RecordSendError() => Interlocked.Increment(ref _sendErrors);

    internal void RecordMessageRejected() => Interlocked.Increment(ref _messagesRejected);

    internal void RecordVideoReceived()
    {
        Interlocked.Increment(ref _videoFramesReceived);
        _metrics?.FramesReceived.Add(1, MediaMetrics.Video);
    }

    internal void RecordVideoDropped()
    {
        Interlocked.Increment(ref _videoFramesDropped);
        _metrics?.FramesDropped.Add(1, MediaMetrics.Inbound, MediaMetrics.Video);
    }

    private sealed class InboundSource
    {
        public bool HasPrevious { get; set; }

        public long LastMediaTicks { get; set; }

        public double LastTransitTicks { get; set; }

        public double JitterTicks { get; set; }

        public int FramesSinceJitterSample { get; set; }
    }
}
