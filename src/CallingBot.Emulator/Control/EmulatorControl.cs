using System.Diagnostics;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Identity;
using CallingBot.Emulator.Notifications;
using CallingBot.Emulator.Timeline;

namespace CallingBot.Emulator.Control;

/// <summary>
/// Drives scenarios in-process: the same operations as the control REST API under <c>/emulator</c>.
/// Actions of the simulated remote side return once their notifications are queued.
/// </summary>
public sealed class EmulatorControl
{
    /// <summary>Default time the Wait* methods wait (real time).</summary>
    public static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromSeconds(15);

    private readonly CallRegistry _calls;
    private readonly IncomingCallPlacer _placer;
    private readonly RemoteActions _remote;
    private readonly NotificationDispatcher _dispatcher;

    internal EmulatorControl(CallRegistry calls, IncomingCallPlacer placer, RemoteActions remote, NotificationDispatcher dispatcher)
    {
        _calls = calls;
        _placer = placer;
        _remote = remote;
        _dispatcher = dispatcher;
    }

    /// <summary>
    /// Chaos applied to new calls that do not carry their own, and to calls the bot creates (faults of
    /// <c>createCall</c> come from here). Setting it starts a new fault sequence; invalid options throw
    /// <see cref="ArgumentException"/> naming the setting.
    /// </summary>
    public ChaosOptions DefaultChaos
    {
        get => _calls.DefaultChaos;
        set
        {
            var chaos = value ?? new ChaosOptions();
            chaos.EnsureValid("chaos");
            _calls.DefaultChaos = chaos;
        }
    }

    /// <summary>Media of app-hosted calls: participant audio sources, streaming options, what the bot sent.</summary>
    public Media.EmulatorMediaControl Media { get; internal set; } = null!;

    /// <summary>
    /// Where the softphone reads service-hosted prompts from: <see cref="Softphone.SoftphoneOptions.PromptDirectories"/> at
    /// start; setting it replaces the list (as <c>PUT /emulator/softphone/promptDirectories</c>), so a bot whose local mode
    /// starts the emulator can still map its prompts. Invalid entries throw <see cref="ArgumentException"/> naming the
    /// entry, and nothing changes.
    /// </summary>
    public IReadOnlyList<Softphone.PromptDirectory> PromptDirectories
    {
        get => Prompts.Current;
        set => Prompts.Replace(value);
    }

    internal Softphone.PromptDirectoryList Prompts { get; set; } = new([]);

    /// <summary>Notification delivery counters.</summary>
    public DeliveryStatistics Statistics => _dispatcher.Statistics;

    /// <summary>Places a call to a bot; returns the new call id once the incoming notification is queued.</summary>
    public Task<string> PlaceIncomingCallAsync(IncomingCallRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_placer.Place(request));
    }

    /// <summary>The remote side hangs up: the bot receives the <c>deleted</c> notification.</summary>
    public Task HangUpAsync(string callId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _remote.HangUp(callId);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A remote participant presses keys ("0"-"9", "*", "#", "A"-"D"): each key becomes a tone notification
    /// when the bot subscribed to tones, and ends a running recordResponse whose stopTones contain it.
    /// </summary>
    public Task PressKeysAsync(string callId, string keys, string? participantId = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _remote.PressKeys(callId, participantId, keys);
        return Task.CompletedTask;
    }

    /// <summary>A user joins the call (meeting or group call); returns the new participant id.</summary>
    public Task<string> JoinParticipantAsync(string callId, string userId, string? displayName = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_remote.JoinParticipant(callId, userId, displayName));
    }

    /// <summary>
    /// Policy-based recording: a participant of the recorded call's policy group joins. The bot gets a
    /// participantJoiningNotification; if it accepts, the participant joins the roster, otherwise another bot
    /// instance is invited with a new incoming call. Returns the participant id used if accepted.
    /// </summary>
    public Task<string> JoinPolicyGroupParticipantAsync(string callId, string userId, string? displayName = null, System.Text.Json.Nodes.JsonObject? botData = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_remote.JoinPolicyGroupParticipant(callId, userId, displayName, botData));
    }

    /// <summary>A participant leaves the call.</summary>
    public Task LeaveParticipantAsync(string callId, string participantId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _remote.LeaveParticipant(callId, participantId);
        return Task.CompletedTask;
    }

    /// <summary>A participant starts sharing its screen; returns the content sharing session id.</summary>
    public Task<string> StartScreenSharingAsync(string callId, string participantId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_remote.StartScreenSharing(callId, participantId));
    }

    /// <summary>A participant stops sharing its screen.</summary>
    public Task StopScreenSharingAsync(string callId, string participantId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _remote.StopScreenSharing(callId, participantId);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Callees with the <c>browser</c> behaviour (<see cref="CalleeResponse.Browser"/>) ringing now, oldest first: the
    /// bot called them, invited them or transferred a call to them, and a person has not answered or declined yet.
    /// </summary>
    public IReadOnlyList<RingingCallee> ListRinging() => _calls.Environment.Ringing.List();

    /// <summary>
    /// A person answers a ringing browser callee: it joins the call as the callee would (the call is established, or the
    /// invitee joins, or the transfer is accepted). Returns the call's snapshot. Unknown or decided rings throw
    /// <see cref="KeyNotFoundException"/>; a ring whose call ended <see cref="InvalidOperationException"/>.
    /// </summary>
    public Task<CallSnapshot> AnswerRingingAsync(string ringId, CancellationToken cancellationToken = default) => DecideAsync(ringId, CalleeResponse.Answer, cancellationToken);

    /// <summary>A person declines a ringing browser callee (Graph result 603, as a callee that declines).</summary>
    public Task<CallSnapshot> DeclineRingingAsync(string ringId, CancellationToken cancellationToken = default) => DecideAsync(ringId, CalleeResponse.Decline, cancellationToken);

    /// <summary>Waits until a browser callee that matches <paramref name="condition"/> rings.</summary>
    public async Task<RingingCallee> WaitForRingingAsync(Func<RingingCallee, bool> condition, string description = "a matching ringing callee", TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        RingingCallee? found = null;
        await WaitAsync(
            () => (found = ListRinging().FirstOrDefault(condition)) is not null,
            () => _calls.Environment.Ringing.Changed,
            () => $"No browser callee matching {description} rang within {{0}} s.",
            timeout,
            cancellationToken).ConfigureAwait(false);
        return found!;
    }

    /// <summary>The call's current state, or null when unknown.</summary>
    public CallSnapshot? GetCall(string callId) => _calls.Snapshot(callId);

    /// <summary>All calls the emulator holds (live and recently ended), oldest first.</summary>
    public IReadOnlyList<CallSnapshot> ListCalls() => _calls.SnapshotAll();

    /// <summary>
    /// Every request received and notification sent for the call, in order, with timestamps; the oldest entries are
    /// dropped past <see cref="EmulatorOptions.MaxTimelineEntriesPerCall"/> or <see cref="EmulatorOptions.MaxTimelineCharsPerCall"/>
    /// (counted in <see cref="TimelineSnapshot.DroppedEntries"/>).
    /// </summary>
    public TimelineSnapshot GetTimeline(string callId) => _calls.GetTimeline(callId);

    /// <summary>Waits until the call reaches <paramref name="state"/> (e.g. "established", "terminated").</summary>
    public Task<CallSnapshot> WaitForCallStateAsync(string callId, string state, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForCallAsync(callId, c => string.Equals(c.State, state, StringComparison.OrdinalIgnoreCase), $"state '{state}'", timeout, cancellationToken);

    /// <summary>Waits until <paramref name="condition"/> holds for the call.</summary>
    public async Task<CallSnapshot> WaitForCallAsync(string callId, Func<CallSnapshot, bool> condition, string description = "the condition", TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        CallSnapshot? last = null;
        await WaitAsync(
            () =>
            {
                last = _calls.Snapshot(callId);
                return last is not null && condition(last);
            },
            () => _calls.Find(callId)?.NextChange ?? _calls.AnyCallChanged,
            () => $"Call '{callId}' did not reach {description} within {{0}} s; it is in state '{last?.State ?? "unknown"}'.",
            timeout,
            cancellationToken).ConfigureAwait(false);
        return last!;
    }

    /// <summary>Waits for a call (for example one the bot creates) that matches <paramref name="condition"/>.</summary>
    public async Task<CallSnapshot> WaitForAnyCallAsync(Func<CallSnapshot, bool> condition, string description = "a matching call", TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        CallSnapshot? found = null;
        await WaitAsync(
            () => (found = _calls.SnapshotAll().FirstOrDefault(condition)) is not null,
            () => _calls.AnyCallChanged,
            () => $"No call matched {description} within {{0}} s.",
            timeout,
            cancellationToken).ConfigureAwait(false);
        return found!;
    }

    /// <summary>Waits for a timeline entry of the call that matches <paramref name="condition"/> (e.g. a delivered notification).</summary>
    public async Task<TimelineEntry> WaitForTimelineEntryAsync(string callId, Func<TimelineEntry, bool> condition, string description = "a matching timeline entry", TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        TimelineEntry? found = null;
        await WaitAsync(
            () => (found = _calls.Find(callId) is null ? null : _calls.GetTimeline(callId).FirstOrDefault(condition)) is not null,
            () => _calls.Find(callId)?.NextChange ?? _calls.AnyCallChanged,
            () => $"Call '{callId}' had no {description} within {{0}} s.",
            timeout,
            cancellationToken).ConfigureAwait(false);
        return found!;
    }

    /// <summary>Waits until every notification queued so far for the call has been delivered or given up.</summary>
    public Task WaitForDeliveriesAsync(string callId, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitAsync(
            () => _calls.Find(callId) is null || _calls.GetTimeline(callId).All(e => e.Kind != TimelineEntryKind.Notification || e.CompletedAt is not null),
            () => _calls.Find(callId)?.NextChange ?? _calls.AnyCallChanged,
            () => $"Notifications of call '{callId}' were not all delivered within {{0}} s.",
            timeout,
            cancellationToken);

    public void AddUser(EmulatedUser user) => _calls.Directory.AddUser(user);

    /// <summary>The directory's users, by id.</summary>
    public IReadOnlyList<EmulatedUser> Users => [.. _calls.Directory.Users.OrderBy(u => u.Id, StringComparer.OrdinalIgnoreCase)];

    /// <summary>The directory's phone numbers.</summary>
    public IReadOnlyList<EmulatedPstnNumber> PstnNumbers => [.. _calls.Directory.PstnNumbers.OrderBy(n => n.Number, StringComparer.Ordinal)];

    public void AddPstnNumber(EmulatedPstnNumber number) => _calls.Directory.AddPstnNumber(number);

    public void AddApplicationInstance(EmulatedApplicationInstance instance) => _calls.Directory.AddApplicationInstance(instance);

    public void AddMeeting(EmulatedMeeting meeting) => _calls.Directory.AddMeeting(meeting);

    /// <summary>
    /// Registers an application, as <c>POST /emulator/applications</c> does. An app id that is already registered is
    /// replaced only with <paramref name="replace"/> (logged as a Warning); otherwise <see cref="InvalidOperationException"/>.
    /// Returns whether an earlier registration was replaced.
    /// </summary>
    public bool RegisterApplication(EmulatedApplication application, bool replace = false) => _calls.Applications.Register(application, replace);

    public IReadOnlyList<EmulatedApplication> Applications => _calls.Applications.All;

    private Task<CallSnapshot> DecideAsync(string ringId, CalleeResponse response, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var callId = _calls.Environment.Ringing.Decide(ringId, response);
        return Task.FromResult(_calls.Snapshot(callId) ?? throw new KeyNotFoundException($"Call '{callId}' was not found."));
    }

    private static async Task WaitAsync(Func<bool> condition, Func<Task> nextChange, Func<string> failure, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var limit = timeout ?? DefaultWaitTimeout;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            // Take the change signal before checking so a change between the two is not missed.
            var change = nextChange();
            if (condition())
            {
                return;
            }

            var remaining = limit - watch.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException(string.Format(System.Globalization.CultureInfo.InvariantCulture, failure(), limit.TotalSeconds));
            }

            try
            {
                // A bounded slice keeps waiting robust even if a signal is replaced between reads.
                await change.WaitAsync(remaining < TimeSpan.FromMilliseconds(250) ? remaining : TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }
    }
}
