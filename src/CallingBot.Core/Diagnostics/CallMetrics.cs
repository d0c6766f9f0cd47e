using System.Diagnostics.Metrics;

namespace CallingBot.Core.Diagnostics;

/// <summary>Call manager instruments, published on the meter <c>CallingBot.Calls</c>.</summary>
internal sealed class CallMetrics : IDisposable
{
    public const string MeterName = "CallingBot.Calls";

    private readonly Meter _meter;
    private int _mediaObserved;

    public CallMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        IncomingCalls = _meter.CreateCounter<long>("callingbot.calls.incoming", description: "Incoming calls received.");
        OutgoingCalls = _meter.CreateCounter<long>("callingbot.calls.outgoing", description: "Calls placed or meetings joined.");
        Decisions = _meter.CreateCounter<long>("callingbot.calls.decisions", description: "Decisions on incoming calls, tagged by outcome.");
        LateDecisions = _meter.CreateCounter<long>("callingbot.calls.late_decisions", description: "Incoming calls whose router missed the decision budget.");
        DecisionFailures = _meter.CreateCounter<long>("callingbot.calls.decision_failures", description: "Answers, rejects or redirects the service refused (for example because it already dropped the call).");
        HandlerFailures = _meter.CreateCounter<long>("callingbot.handlers.failures", description: "Handler callbacks that threw.");
        EndedCalls = _meter.CreateCounter<long>("callingbot.calls.ended", description: "Calls removed from the manager.");
        DroppedCalls = _meter.CreateCounter<long>("callingbot.calls.dropped", description: "Calls the bot dropped without the service ending them, tagged by reason: refused-by-service (the answer, reject or redirect was refused as final), not-established-in-time, or shutdown (a drain ended before the service confirmed the hang-up).");
        DecisionTime = _meter.CreateHistogram<double>("callingbot.calls.decision_time", unit: "ms", description: "Time from incoming notification to the decision being sent.");
        AnswerLatency = _meter.CreateHistogram(
            "callingbot.calls.answer_latency",
            unit: "s",
            description: "Time from an incoming call's notification to the service accepting the bot's answer (Graph drops calls not answered within 15 s; 5 s for policy recording).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15] });
        ActiveCalls = _meter.CreateUpDownCounter<long>("callingbot.calls.active", description: "Calls held by the manager.");
        Reconciliations = _meter.CreateCounter<long>("callingbot.calls.reconciliations", description: "Calls the bot did not hold and asked the service about (after a restart, a lost instance or a notification for an unknown call), tagged by result: adopted, hung-up, ended (the service no longer had the call), declined (the router gave no handler), failed, deferred (too many pending).");
        LiveCallStoreFailures = _meter.CreateCounter<long>("callingbot.calls.live_record_failures", description: "Live call records that could not be written or removed (the calls go on; a restart could not take them over).");
    }

    public Counter<long> Reconciliations { get; }

    public Counter<long> LiveCallStoreFailures { get; }

    public Counter<long> IncomingCalls { get; }

    public Counter<long> OutgoingCalls { get; }

    public Counter<long> Decisions { get; }

    public Counter<long> LateDecisions { get; }

    public Counter<long> DecisionFailures { get; }

    public Counter<long> HandlerFailures { get; }

    public Counter<long> EndedCalls { get; }

    public Counter<long> DroppedCalls { get; }

    public Histogram<double> DecisionTime { get; }

    public Histogram<double> AnswerLatency { get; }

    public UpDownCounter<long> ActiveCalls { get; }

    /// <summary>
    /// Publishes the media frames the bot sent and those it sent late, as totals over the process's calls (ended and
    /// live) that <paramref name="totals"/> reads when a listener collects. The first caller's source wins.
    /// </summary>
    public void ObserveMedia(Func<(long FramesSent, long LateFrames)> totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        if (Interlocked.Exchange(ref _mediaObserved, 1) == 1)
        {
            return;
        }

        _meter.CreateObservableCounter("callingbot.media.frames_sent", () => totals().FramesSent, unit: "{frame}", description: "Audio frames the bot sent on app-hosted media, over all calls.");
        _meter.CreateObservableCounter("callingbot.media.late_frames", () => totals().LateFrames, unit: "{frame}", description: "Audio frames the bot sent later than the late threshold after their due time, over all calls.");
    }

    public void Dispose() => _meter.Dispose();
}
