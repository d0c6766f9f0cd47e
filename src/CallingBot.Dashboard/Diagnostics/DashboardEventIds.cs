namespace CallingBot.Dashboard.Diagnostics;

/// <summary>
/// Every log event id of CallingBot.Dashboard, in the project's block 8000–8099.
/// </summary>
/// <remarks>
/// Each [LoggerMessage] of the project takes its EventId from here and its EventName from the constant's name
/// (nameof); each constant is used exactly once. Operators filter on these numbers (docs/operations.md): never
/// reuse or renumber one, add new ones inside the block.
/// </remarks>
internal static class DashboardEventIds
{
    // Access/DashboardSignInEndpoints
    public const int DashboardSignedIn = 8000;
    public const int DashboardSignInRefused = 8001;
    public const int DashboardSignInThrottled = 8002;
    public const int DashboardSignedOut = 8003;

    // Live/DashboardEventStream
    public const int DashboardStreamRefused = 8010;
    public const int DashboardStreamResync = 8011;

    // Timeline/CallTimelineListener
    public const int DashboardTimelineEvicted = 8020;
}
