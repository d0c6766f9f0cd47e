namespace CallingBot.Cluster.Diagnostics;

/// <summary>
/// Every log event id of CallingBot.Cluster (the Orleans silo and call grains), in the project's block 6000–6999.
/// </summary>
/// <remarks>
/// Each [LoggerMessage] of the project takes its EventId from here and its EventName from the constant's name
/// (nameof); each constant is used exactly once. Operators filter on these numbers (docs/operations.md): never
/// reuse or renumber one, add new ones inside the block.
/// </remarks>
internal static class ClusterEventIds
{
    public const int CallOwnerLost = 6100;
    public const int CallWithoutOwner = 6101;
    public const int CallClaimConflict = 6102;
    public const int CallClaimFailed = 6110;
    public const int CallClaimGaveUp = 6111;
    public const int CallReleaseFailed = 6112;
    public const int InstanceDidNotAnswer = 6120;
    public const int SiloStarted = 6130;
    public const int SiloStopped = 6131;

    // Failover and hand-over (6150-6199)
    public const int CallTakenOver = 6150;
    public const int CallTakeOverFailed = 6151;
    public const int CallHandedOver = 6152;
    public const int CallHandOverFailed = 6153;
    public const int CallOwnerElsewhere = 6154;
    public const int HandOverStarted = 6155;
    public const int HandOverFinished = 6156;
    public const int HandOverTargetFailed = 6157;
    public const int OrphanedCallsFound = 6160;
    public const int OrphanedCallScanFailed = 6161;
}
