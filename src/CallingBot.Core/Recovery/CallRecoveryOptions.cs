namespace CallingBot.Core.Recovery;

/// <summary>
/// How the bot keeps and takes over established calls across restarts (configuration section
/// <c>CallingBot:Recovery</c>).
/// </summary>
public sealed class CallRecoveryOptions
{
    public const string SectionName = "CallingBot:Recovery";

    /// <summary>Keeps a record per established call and reconciles calls on start. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The directory of the embedded store (one small JSON file per established call). The host defaults it to a
    /// folder under its data directory, named for the application and the calling service; an empty string keeps
    /// records in memory only (nothing survives a restart).
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>What to do with a call held before a restart that the service still has up. Default <see cref="RecoveryAction.Adopt"/>.</summary>
    public RecoveryAction OnRestart { get; set; } = RecoveryAction.Adopt;

    /// <summary>
    /// A notification for a call the bot does not hold (and did not end) makes the bot ask the service for the call
    /// and take it over, instead of dropping the notification. Default true.
    /// </summary>
    public bool ReconcileUnknownCalls { get; set; } = true;

    /// <summary>How many calls are reconciled at the same time. Default 8.</summary>
    public int MaxConcurrentReconciliations { get; set; } = 8;

    /// <summary>How long one reconciliation (asking the service, and hanging up or adopting) may take. Default 30 s.</summary>
    public TimeSpan ReconciliationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<string> Validate()
    {
        if (MaxConcurrentReconciliations is < 1 or > 256)
        {
            yield return $"{SectionName}:{nameof(MaxConcurrentReconciliations)} must be between 1 and 256 (got {MaxConcurrentReconciliations}).";
        }

        if (ReconciliationTimeout <= TimeSpan.Zero || ReconciliationTimeout > TimeSpan.FromMinutes(10))
        {
            yield return $"{SectionName}:{nameof(ReconciliationTimeout)} must be greater than 0 and at most 10 minutes (got {ReconciliationTimeout}).";
        }

        if (!Enum.IsDefined(OnRestart))
        {
            yield return $"{SectionName}:{nameof(OnRestart)} must be Adopt or HangUp (got {OnRestart}).";
        }

        if (Directory is { Length: > 0 } && string.IsNullOrWhiteSpace(Directory))
        {
            yield return $"{SectionName}:{nameof(Directory)} must name a directory, or be empty to keep records in memory only.";
        }
    }
}
