using System.Diagnostics.Metrics;
using CallingBot.Core.Manager;
using CallingBot.Dashboard.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallingBot.Dashboard.Metrics;

/// <summary>
/// Aggregates the call manager's instruments (meter <c>CallingBot.Calls</c>) and the media pipelines' (meter
/// <c>CallingBot.Media</c>) in memory, one point per minute for the
/// last <see cref="DashboardOptions.ChartMinutes"/> minutes, with a <see cref="MeterListener"/>: calls received and
/// placed, calls ended, answer latency, active calls (the up-down counter, set to the manager's count every
/// <see cref="SampleInterval"/>), and the media frames sent and sent late.
/// </summary>
internal sealed class DashboardMetricsCollector : IHostedService, IDisposable
{
    public const string CallsMeter = "CallingBot.Calls";

    public const string MediaMeter = "CallingBot.Media";

    internal static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(5);

    private static readonly HashSet<string> Instruments = new(StringComparer.Ordinal)
    {
        "callingbot.calls.incoming",
        "callingbot.calls.outgoing",
        "callingbot.calls.ended",
        "callingbot.calls.answer_latency",
        "callingbot.calls.active",
        "callingbot.media.frames_sent",
        "callingbot.media.frames_late",
    };

    private readonly Lock _gate = new();
    private readonly Dictionary<DateTimeOffset, Bucket> _buckets = [];
    private readonly Dictionary<string, long> _totals = new(StringComparer.Ordinal);
    private readonly Func<int> _activeCalls;
    private readonly IOptions<DashboardOptions> _options;
    private readonly TimeProvider _timeProvider;
    private long _active;
    private MeterListener? _listener;
    private ITimer? _timer;

    public DashboardMetricsCollector(ICallManager callManager, IOptions<DashboardOptions> options, TimeProvider timeProvider)
        : this(() => callManager.ActiveCallCount, options, timeProvider)
    {
        ArgumentNullException.ThrowIfNull(callManager);
    }

    internal DashboardMetricsCollector(Func<int> activeCalls, IOptions<DashboardOptions> options, TimeProvider timeProvider)
    {
        _activeCalls = activeCalls;
        _options = options;
        _timeProvider = timeProvider;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Value.Enabled)
        {
            return Task.CompletedTask;
        }

        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name is CallsMeter or MediaMeter && Instruments.Contains(instrument.Name))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(instrument.Name, instrument.IsObservable, value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Record(instrument.Name, instrument.IsObservable, value));
        listener.Start();
        _listener = listener;
        using (ExecutionContext.SuppressFlow())
        {
            _timer = _timeProvider.CreateTimer(_ => Sample(), null, TimeSpan.Zero, SampleInterval);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _timer = null;
        _listener?.Dispose();
        _listener = null;
    }

    /// <summary>Reads the observable instruments and the manager's active calls into the current minute.</summary>
    public void Sample()
    {
        _listener?.RecordObservableInstruments();
        var active = _activeCalls();
        lock (_gate)
        {
            _active = active;
            var bucket = Current();
            bucket.Active = Math.Max(bucket.Active, active);
            bucket.ActiveLast = active;
        }
    }

    /// <summary>The last <see cref="DashboardOptions.ChartMinutes"/> minutes, oldest first, the current one last.</summary>
    public IReadOnlyList<MinutePoint> Snapshot()
    {
        Sample();
        var minutes = _options.Value.ChartMinutes;
        var now = Truncate(_timeProvider.GetUtcNow());
        var points = new MinutePoint[minutes];
        lock (_gate)
        {
            long carried = 0;
            var first = now.AddMinutes(-(minutes - 1));
            foreach (var (start, bucket) in _buckets.OrderBy(b => b.Key))
            {
                if (start < first)
                {
                    carried = bucket.ActiveLast;
                }
            }

            for (var i = 0; i < minutes; i++)
            {
                var minute = first.AddMinutes(i);
                if (_buckets.TryGetValue(minute, out var b))
                {
                    carried = b.ActiveLast;
                    points[i] = new MinutePoint(
                        minute,
                        b.Calls,
                        b.Ended,
                        b.Active,
                        b.AnswerCount,
                        b.AnswerCount == 0 ? null : b.AnswerSum / b.AnswerCount,
                        b.AnswerCount == 0 ? null : b.AnswerMax,
                        b.FramesSent,
                        b.LateFrames);
                }
                else
                {
                    points[i] = new MinutePoint(minute, 0, 0, carried, 0, null, null, 0, 0);
                }
            }
        }

        return points;
    }

    internal void Record(string instrument, bool observable, double value)
    {
        lock (_gate)
        {
            var bucket = Current();
            switch (instrument)
            {
                case "callingbot.calls.incoming" or "callingbot.calls.outgoing":
                    bucket.Calls += (long)value;
                    break;
                case "callingbot.calls.active":
                    // Between samples the manager's own up-down counter shows calls that come and go within seconds.
                    _active = Math.Max(0, _active + (long)value);
                    bucket.Active = Math.Max(bucket.Active, _active);
                    bucket.ActiveLast = _active;
                    break;
                case "callingbot.calls.ended":
                    bucket.Ended += (long)value;
                    break;
                case "callingbot.calls.answer_latency":
                    bucket.AnswerCount++;
                    bucket.AnswerSum += value;
                    bucket.AnswerMax = Math.Max(bucket.AnswerMax, value);
                    break;
                case "callingbot.media.frames_sent":
                    bucket.FramesSent += Delta(instrument, observable, (long)value);
                    break;
                case "callingbot.media.frames_late":
                    bucket.LateFrames += Delta(instrument, observable, (long)value);
                    break;
            }
        }
    }

    /// <summary>An observable counter reports its total: the minute gets what it grew by since the last reading.</summary>
    private long Delta(string instrument, bool observable, long value)
    {
        if (!observable)
        {
            return value;
        }

        var had = _totals.TryGetValue(instrument, out var last);
        _totals[instrument] = value;
        return had ? Math.Max(0, value - last) : 0;
    }

    private Bucket Current()
    {
        var minute = Truncate(_timeProvider.GetUtcNow());
        if (!_buckets.TryGetValue(minute, out var bucket))
        {
            bucket = new Bucket();
            if (_buckets.Count > 0)
            {
                bucket.ActiveLast = _buckets.MaxBy(b => b.Key).Value.ActiveLast;
            }

            _buckets[minute] = bucket;
            var oldest = minute.AddMinutes(-_options.Value.ChartMinutes);
            foreach (var expired in _buckets.Keys.Where(k => k <= oldest).ToArray())
            {
                _buckets.Remove(expired);
            }
        }

        return bucket;
    }

    private static DateTimeOffset Truncate(DateTimeOffset time) =>
        new(time.Year, time.Month, time.Day, time.Hour, time.Minute, 0, TimeSpan.Zero);

    private sealed class Bucket
    {
        public long Calls { get; set; }

        public long Ended { get; set; }

        public long Active { get; set; }

        public long ActiveLast { get; set; }

        public long AnswerCount { get; set; }

        public double AnswerSum { get; set; }

        public double AnswerMax { get; set; }

        public long FramesSent { get; set; }

        public long LateFrames { get; set; }
    }
}
