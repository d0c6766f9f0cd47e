using CallingBot.Dashboard.Configuration;
using Microsoft.Extensions.Options;

namespace CallingBot.Dashboard.Timeline;

/// <summary>
/// The timelines of recent calls, bounded three ways: at most <see cref="DashboardOptions.MaxEventsPerCall"/> entries per
/// call (the oldest dropped and counted), at most <see cref="DashboardOptions.MaxCalls"/> calls (an ended call makes room
/// first, else the call idle longest), and ended calls only for <see cref="DashboardOptions.EndedCallRetention"/>.
/// </summary>
internal sealed class CallTimelineStore(IOptions<DashboardOptions> options, TimeProvider timeProvider)
{
    private readonly DashboardOptions _options = options.Value;
    private readonly Dictionary<string, CallTimeline> _calls = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    /// <summary>Numbers the entries and, with them, every change of a call's summary (its revision).</summary>
    private long _sequence;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _calls.Count;
            }
        }
    }

    /// <summary>Adds what a span said about <paramref name="callId"/>; <paramref name="describe"/> is asked once per call for what the manager knows.</summary>
    public TimelineChange Add(string callId, TimelineObservation observation, Func<string, CallDescription?>? describe = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentNullException.ThrowIfNull(observation);
        var now = timeProvider.GetUtcNow();
        var evicted = new List<string>();
        lock (_gate)
        {
            RemoveExpired(now, evicted);
            if (!_calls.TryGetValue(callId, out var call))
            {
                if (_calls.Count >= _options.MaxCalls)
                {
                    var victim = _calls.Values.Where(c => c.EndedAt is not null).MinBy(c => c.EndedAt)
                        ?? _calls.Values.MinBy(c => c.LastActivity)!;
                    _calls.Remove(victim.CallId);
                    evicted.Add(victim.CallId);
                }

                call = new CallTimeline(callId, now);
                _calls.Add(callId, call);
            }

            if (call.Description is null && describe?.Invoke(callId) is { } description)
            {
                call.Description = description;
                call.State ??= description.State;
            }

            var entry = new TimelineEntry(
                ++_sequence,
                observation.At,
                observation.DurationMs,
                observation.From,
                observation.To,
                observation.Kind,
                observation.Label,
                observation.Failed,
                observation.Error);
            call.Entries.Enqueue(entry);
            while (call.Entries.Count > _options.MaxEventsPerCall)
            {
                call.Entries.Dequeue();
                call.Dropped++;
            }

            call.LastActivity = now;
            call.Revision = entry.Sequence;
            call.State = observation.State ?? call.State;
            call.Decision = observation.Decision ?? call.Decision;
            if (observation.Ends && call.EndedAt is null)
            {
                call.EndedAt = now;
                call.State = "Terminated";
            }

            return new TimelineChange(call.Summarize(), entry, evicted);
        }
    }

    /// <summary>
    /// Marks ended the calls not ended that <paramref name="isHeld"/> says the manager no longer holds (a call that left
    /// without a span saying so, for example one dropped when its answer was refused): at once for a call the manager
    /// was seen holding, after <paramref name="idle"/> without activity for one it never held (notifications only).
    /// </summary>
    public IReadOnlyList<CallSummary> EndAbandoned(TimeSpan idle, Func<string, bool> isHeld)
    {
        ArgumentNullException.ThrowIfNull(isHeld);
        var now = timeProvider.GetUtcNow();
        var ended = new List<CallSummary>();
        lock (_gate)
        {
            foreach (var call in _calls.Values)
            {
                if (call.EndedAt is null && (call.Description is not null || now - call.LastActivity >= idle) && !isHeld(call.CallId))
                {
                    call.EndedAt = now;
                    call.Revision = ++_sequence;
                    ended.Add(call.Summarize());
                }
            }
        }

        return ended;
    }

    /// <summary>The calls kept, most recently started first; expired ended calls are removed first.</summary>
    public IReadOnlyList<CallSummary> List()
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            RemoveExpired(now, evicted: null);
            return _calls.Values.OrderByDescending(c => c.FirstSeen).ThenBy(c => c.CallId, StringComparer.Ordinal).Select(c => c.Summarize()).ToArray();
        }
    }

    /// <summary>The call's summary and its entries in the order they started, or null when the store does not keep it.</summary>
    public (CallSummary Call, IReadOnlyList<TimelineEntry> Entries)? Get(string callId)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            RemoveExpired(now, evicted: null);
            if (!_calls.TryGetValue(callId, out var call))
            {
                return null;
            }

            return (call.Summarize(), call.Entries.OrderBy(e => e.At).ThenBy(e => e.Sequence).ToArray());
        }
    }

    private void RemoveExpired(DateTimeOffset now, List<string>? evicted)
    {
        List<string>? expired = null;
        foreach (var call in _calls.Values)
        {
            if (call.EndedAt is { } ended && now - ended >= _options.EndedCallRetention)
            {
                (expired ??= []).Add(call.CallId);
            }
        }

        if (expired is null)
        {
            return;
        }

        foreach (var id in expired)
        {
            _calls.Remove(id);
        }

        evicted?.AddRange(expired);
    }

    private sealed class CallTimeline(string callId, DateTimeOffset firstSeen)
    {
        public string CallId { get; } = callId;

        public DateTimeOffset FirstSeen { get; } = firstSeen;

        public DateTimeOffset LastActivity { get; set; } = firstSeen;

        public DateTimeOffset? EndedAt { get; set; }

        public string? State { get; set; }

        public string? Decision { get; set; }

        public CallDescription? Description { get; set; }

        public long Dropped { get; set; }

        public long Revision { get; set; }

        public Queue<TimelineEntry> Entries { get; } = new();

        public CallSummary Summarize() => new(
            CallId,
            Description?.Direction,
            Description?.Handler,
            Description?.Media,
            State,
            Decision,
            FirstSeen,
            LastActivity,
            EndedAt,
            Entries.Count,
            Dropped,
            Revision);
    }
}
