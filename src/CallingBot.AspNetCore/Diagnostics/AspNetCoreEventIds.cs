namespace CallingBot.AspNetCore.Diagnostics;

/// <summary>
/// Every log event id of CallingBot.Host (the service: callbacks, the REST API, its protection, request logging and
/// the host's lifecycle), in the project's block 3000–3499.
/// </summary>
/// <remarks>
/// Each [LoggerMessage] of the project takes its EventId from here and its EventName from the constant's name
/// (nameof); each constant is used exactly once. Operators filter on these numbers (docs/operations.md): never
/// reuse or renumber one, add new ones inside the block.
/// </remarks>
internal static class AspNetCoreEventIds
{
    // Callbacks/CallbackTokenValidator
    public const int CallbackTokenRejected = 3000;
    public const int CallbackMetadataUnavailable = 3001;

    // Callbacks/CallbackController
    public const int NotificationRejected = 3100;
    public const int NotificationIgnored = 3101;
    public const int CallbackTokenThrottled = 3102;
    public const int CallbackReplayIgnored = 3103;
    public const int CallbackReplayIgnoredAgain = 3104;
    public const int NotificationWithoutCall = 3105;

    // 3200 and 3201 (Request, HealthRequest) are retired: request lines come from Serilog.AspNetCore's request logging
    // (Logging/RequestLogging), without an event id.

    // Health/ReadinessHealthCheck
    public const int ReadinessChanged = 3210;

    // ApiAccess/ApiRequestGuardMiddleware
    public const int ApiRequestDenied = 3300;
    public const int ApiBodyRejected = 3302;

    // ApiAccess/ApiKeyAuthenticationHandler
    public const int ApiKeyInvalid = 3301;

    // Api/Errors/ApiLog
    public const int ApiCallCreated = 3310;
    public const int ApiMeetingJoined = 3311;
    public const int ApiOperation = 3312;
    public const int ApiServiceFailure = 3313;
    public const int ApiUnavailable = 3314;

    // Hosting/BotLifecycleService
    public const int LocalMode = 3400;
    public const int RealMode = 3401;
    public const int Draining = 3402;
    public const int Stopped = 3403;
    public const int LocalEmulatorStopped = 3220;

    // Hosting/DefaultCallHandler
    public const int DefaultHandlerEstablished = 3404;
    public const int DefaultHandlerTerminated = 3405;

    // Hosting/GraphCredentialCheck
    public const int GraphCredentialsVerified = 3406;
    public const int GraphCredentialsUnverified = 3407;
    public const int LocalModeLinks = 3408;

    // Cluster/NotificationRouter, Cluster/CallOwnerMiddleware
    public const int CallOwnerUnreachable = 3450;
    public const int ApiHandedToOwner = 3451;
    public const int ApiOwnerUnreachable = 3452;

    // Cluster/OwnerNotificationHandler
    public const int HandedNotificationWithoutCall = 3453;

    // Recovery (3240-3259).
    public const int RecoveryFailed = 3240;
    // Hosting/HistoryTopologyCheck
    public const int HistoryNotShared = 3460;

    // Acs/AcsEndpoints, Acs/AcsHostStartup (3470-3489)
    public const int AcsEventGridRefused = 3470;
    public const int AcsSubscriptionValidated = 3471;
    public const int AcsEventGridDelivered = 3472;
    public const int AcsCallbackRefused = 3473;
    public const int AcsLocalSubscriptionCreated = 3474;
    public const int AcsCallbackHandedToOwner = 3475;
    public const int AcsCallbackOwnerUnknown = 3476;
    public const int AcsIncomingCallClaimedElsewhere = 3477;
    public const int AcsClusterUnavailable = 3478;
}
