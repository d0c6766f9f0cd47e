using System.Text.Json.Nodes;
using CallingBot.Emulator.Directory;

namespace CallingBot.Emulator.Calls;

/// <summary>
/// Rings callees or invitees of a call, each after its response delay. Those that respond at the same moment are
/// handled together, so one roster update can name all who joined and a group call's roster work grows with its
/// participants, not with their square. Callees with the browser behaviour ring until a person decides
/// (<see cref="BrowserRinging"/>); each decision is handled as a batch of its own.
/// </summary>
internal static class CalleeRinging
{
    /// <summary>
    /// Schedules the responses of <paramref name="targets"/> (counted in <see cref="CallRoster.PendingJoins"/> until
    /// they respond). Those who answer join the roster; then <paramref name="responded"/> runs, under the call's lock,
    /// with the batch.
    /// </summary>
    public static void Ring(EmulatedCall call, IReadOnlyList<CalleeTarget> targets, Action<LockedCall, RingBatch> responded, string role = "callee")
    {
        // Only touched by the callbacks, which run under the call's lock.
        var pending = targets.Count;
        var answered = 0;
        JsonObject? lastRefusal = null;

        void Handle(LockedCall locked, IReadOnlyList<(CalleeTarget Target, CalleeResponse Response)> callees)
        {
            var joined = new List<(CalleeTarget, EmulatedParticipant)>(callees.Count);
            foreach (var (target, response) in callees)
            {
                pending--;
                locked.Roster.PendingJoins--;
                if (response is CalleeResponse.Answer or CalleeResponse.Voicemail)
                {
                    answered++;
                    joined.Add((target, locked.Roster.Add(target.Identity, behavior: target.Behavior, modalities: locked.Record.RequestedModalities)));
                }
                else
                {
                    lastRefusal = response switch
                    {
                        CalleeResponse.Busy => ResultCodes.CalleeBusy(),
                        CalleeResponse.Decline => ResultCodes.CalleeDeclined(),
                        _ => ResultCodes.CalleeNoAnswer(),
                    };
                }
            }

            responded(locked, new RingBatch(joined, answered, lastRefusal, pending == 0));
        }

        var browser = targets.Where(t => t.Behavior.Response == CalleeResponse.Browser).ToList();
        if (browser.Count > 0)
        {
            call.Schedule(TimeSpan.Zero, locked =>
            {
                foreach (var target in browser)
                {
                    call.Environment.Ringing.Start(call, locked, target, role, (decided, response) => Handle(decided, [(target, response)]));
                }
            });
        }

        foreach (var batch in targets.Where(t => t.Behavior.Response != CalleeResponse.Browser).GroupBy(t => call.Environment.ResponseDelay(t.Behavior)))
        {
            var callees = batch.ToList();
            call.Schedule(batch.Key, locked => Handle(locked, [.. callees.Select(c => (c, c.Behavior.Response))]));
        }
    }
}
