using System.Collections.Concurrent;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Directory;

namespace CallingBot.Emulator.Calls;

/// <summary>
/// Callees whose behaviour is <see cref="CalleeResponse.Browser"/> while they ring: a person answers or declines them
/// (the softphone page, or any client of the control API), or they stop ringing after <see cref="EmulatorOptions.RingingTimeout"/>
/// (408, as a callee that never answers). Each ring is decided exactly once; rings of calls that ended are dropped.
/// </summary>
internal sealed class BrowserRinging(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Ring> _rings = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _changedGate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next ring that starts or stops.</summary>
    public Task Changed
    {
        get
        {
            lock (_changedGate)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>
    /// Starts ringing <paramref name="target"/> in <paramref name="call"/>; <paramref name="respond"/> runs once, under the
    /// call's lock, with the person's answer, decline, or <see cref="CalleeResponse.NoAnswer"/> after the ringing timeout.
    /// Called under the call's lock.
    /// </summary>
    public void Start(EmulatedCall call, LockedCall locked, CalleeTarget target, string role, Action<LockedCall, CalleeResponse> respond)
    {
        var ring = new Ring(Guid.NewGuid().ToString("N"), call, target, role, time.GetUtcNow(), respond);
        _rings[ring.Id] = ring;
        locked.RecordEvent($"Ringing {target.Identity.Kind} {target.Identity.Id} on a browser (ring {ring.Id}).");
        locked.ScheduleAfter(call.Environment.Options.RingingTimeout, timedOut =>
        {
            if (TryTake(ring.Id, out _))
            {
                timedOut.RecordEvent($"Ring {ring.Id} was not answered within {call.Environment.Options.RingingTimeout.TotalSeconds:0.#} s.");
                respond(timedOut, CalleeResponse.NoAnswer);
            }
        });
        Pulse();
    }

    /// <summary>Rings of live calls, oldest first; rings of calls that ended are dropped.</summary>
    public IReadOnlyList<RingingCallee> List()
    {
        foreach (var ring in _rings.Values.Where(r => r.Call.IsTerminated).ToList())
        {
            TryTake(ring.Id, out _);
        }

        return _rings.Values.OrderBy(r => r.Since).Select(r => r.Describe()).ToList();
    }

    /// <summary>
    /// A person answers (<see cref="CalleeResponse.Answer"/>) or declines (<see cref="CalleeResponse.Decline"/>) the ring;
    /// returns the call id. Unknown or already decided rings throw <see cref="KeyNotFoundException"/>, rings of calls that
    /// ended <see cref="InvalidOperationException"/>.
    /// </summary>
    public string Decide(string ringId, CalleeResponse response)
    {
        ArgumentException.ThrowIfNullOrEmpty(ringId);
        ArgumentLimits.Length(ringId, EmulatorLimits.MaxIdLength, "ringId");
        if (response is not (CalleeResponse.Answer or CalleeResponse.Decline))
        {
            throw new ArgumentException("A ring is answered or declined.", nameof(response));
        }

        if (!TryTake(ringId, out var ring))
        {
            throw new KeyNotFoundException($"Ring '{ringId}' was not found: it was answered, declined or timed out, or its call ended.");
        }

        ring.Call.Update(locked =>
        {
            if (locked.IsTerminated)
            {
                throw new InvalidOperationException($"Call '{ring.Call.Id}' has ended; ring '{ringId}' can no longer be answered.");
            }

            locked.RecordEvent($"Ring {ringId} was {(response == CalleeResponse.Answer ? "answered" : "declined")} on the browser.");
            ring.Respond(locked, response);
        });
        return ring.Call.Id;
    }

    /// <summary>Drops the rings of a call the registry forgot.</summary>
    public void Forget(string callId)
    {
        foreach (var ring in _rings.Values.Where(r => string.Equals(r.Call.Id, callId, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            TryTake(ring.Id, out _);
        }
    }

    private bool TryTake(string ringId, out Ring ring)
    {
        var taken = _rings.TryRemove(ringId, out ring!);
        if (taken)
        {
            Pulse();
        }

        return taken;
    }

    private void Pulse()
    {
        TaskCompletionSource previous;
        lock (_changedGate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    private sealed record Ring(string Id, EmulatedCall Call, CalleeTarget Target, string Role, DateTimeOffset Since, Action<LockedCall, CalleeResponse> Respond)
    {
        public RingingCallee Describe() => new(Id, Call.Id, Call.AppId, Role, Target.Identity.Kind, Target.Identity.Id, Target.Identity.DisplayName, Since);
    }
}
