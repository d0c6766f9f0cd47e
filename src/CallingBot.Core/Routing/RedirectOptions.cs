using CallingBot.Core.Calls;

namespace CallingBot.Core.Routing;

/// <summary>
/// Where to send an incoming call instead of answering it. Several targets ring simultaneously (at most 25);
/// the timeout is 15 to 90 seconds.
/// </summary>
public sealed record RedirectOptions
{
    public const int MaxTargets = 25;
    public static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(90);

    public RedirectOptions(IReadOnlyList<ParticipantIdentity> targets, TimeSpan? timeout = null, bool toVoicemail = false)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count is 0 or > MaxTargets)
        {
            throw new ArgumentException($"A redirect needs 1 to {MaxTargets} targets; got {targets.Count}.", nameof(targets));
        }

        if (timeout is { } t && (t < MinTimeout || t > MaxTimeout))
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), t, $"Redirect timeout must be between {MinTimeout.TotalSeconds} and {MaxTimeout.TotalSeconds} seconds.");
        }

        if (toVoicemail && targets.Count != 1)
        {
            throw new ArgumentException("Redirect to voicemail takes exactly one target (the user whose voicemail answers).", nameof(targets));
        }

        Targets = targets;
        Timeout = timeout;
        ToVoicemail = toVoicemail;
    }

    public IReadOnlyList<ParticipantIdentity> Targets { get; }

    public TimeSpan? Timeout { get; }

    /// <summary>Send the call straight to the single target's voicemail.</summary>
    public bool ToVoicemail { get; }
}
