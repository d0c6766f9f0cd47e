namespace CallingBot.Emulator.Diagnostics;

/// <summary>
/// Every log event id of CallingBot.Emulator (the emulated Graph and ACS calling service), in the project's block
/// 1–999.
/// </summary>
/// <remarks>
/// Each [LoggerMessage] of the project takes its EventId from here and its EventName from the constant's name
/// (nameof); each constant is used exactly once. Operators filter on these numbers (docs/operations.md): never
/// reuse or renumber one, add new ones inside the block.
/// </remarks>
internal static class EmulatorEventIds
{
    // Hosting/StandaloneRunner
    public const int Started = 1;
    public const int Application = 2;
    public const int InvalidSetting = 3;
    public const int Stopping = 4;

    // Identity/IdentityEndpoints
    public const int TokenIssued = 100;
    public const int UnknownClient = 101;
    public const int ClientRejected = 102;

    // Identity/ApplicationRegistry
    public const int ApplicationReplaced = 103;
    public const int ApplicationReplacedByOwner = 104;

    // Calls/CallLog
    public const int CallCreated = 200;
    public const int CallEnded = 201;
    public const int AnswerTimeout = 202;

    // Notifications/NotificationDispatcher
    public const int DeliveryRetry = 300;
    public const int DeliveryFailed = 301;
    public const int DeliveryRedirected = 302;
    public const int DeliveryError = 303;
    public const int DrainFailed = 304;
    public const int DeliveryFaultInjected = 305;

    // Http/GraphPipeline
    public const int GraphRequestFailed = 400;
    public const int GraphRequestUnexpected = 401;
    public const int AfterResponseFailed = 402;
    public const int FaultInjected = 403;
    public const int FaultDropped = 404;

    // Control/ControlEndpoints
    public const int ControlFailed = 500;

    // Http/RequestGuard
    public const int HostRefused = 600;
    public const int OriginRefused = 601;

    // Media/EmulatedMediaStream
    public const int MediaConnected = 700;
    public const int MediaConnectRetry = 701;
    public const int MediaFailed = 702;
    public const int MediaClosedByBot = 703;

    // Media/MediaStreamManager
    public const int MediaHookFailed = 710;

    // Softphone/SoftphoneRelay
    public const int SoftphoneAudioOpened = 920;
    public const int SoftphoneAudioClosed = 921;
    public const int SoftphoneAudioRefused = 922;
    public const int SoftphoneFrameRejected = 923;

    // Softphone/SoftphoneEndpoints
    public const int SoftphonePromptUnavailable = 930;
    public const int SoftphoneOriginRefused = 931;

    // Acs/AcsCallbackPublisher
    public const int AcsEventDelivered = 900;
    public const int AcsEventDeliveryFailed = 901;

    // Acs/AcsEndpoints
    public const int AcsCallCreated = 910;
    public const int AcsRequestReplayed = 911;
    public const int AcsUnauthorized = 912;
    public const int AcsCallHungUp = 913;
    public const int AcsCallAnswered = 914;
    public const int AcsActionRequested = 915;

    // Acs/AcsEventGrid
    public const int AcsEventGridSubscribed = 940;
    public const int AcsEventGridDeliveryFailed = 941;
}
