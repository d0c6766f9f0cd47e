namespace CallingBot.Graph.Diagnostics;

/// <summary>
/// Every log event id of CallingBot.Graph (the Graph Communications SDK adapter), in the project's block 2000–2999.
/// </summary>
/// <remarks>
/// Each [LoggerMessage] of the project takes its EventId from here and its EventName from the constant's name
/// (nameof); each constant is used exactly once. Operators filter on these numbers (docs/operations.md): never
/// reuse or renumber one, add new ones inside the block.
/// </remarks>
internal static class GraphEventIds
{
    // Calling/GraphCallingPlatform
    public const int GraphClientReady = 2000;
    public const int IncomingFailed = 2001;
    public const int NoSink = 2002;
    public const int EndedCallRecreated = 2003;
    public const int SdkCallDropped = 2004;
    public const int SdkCallDropFailed = 2005;
    public const int SdkSerializerKept = 2006;

    // Authentication/MsalTokenSource
    public const int TokenFailed = 2100;

    // Logging/GraphLoggerBridge
    public const int GraphSdk = 2200;

    // Notifications/GraphNotificationProcessor
    public const int NotificationMalformed = 2300;
    public const int NotificationFailed = 2301;

    // Media/WebSocketMediaSessionFactory
    public const int MediaSessionOpened = 2400;

    // Resilience/GraphResiliencePipeline
    public const int GraphRetry = 2500;
    public const int CircuitOpened = 2501;
    public const int CircuitClosed = 2502;
}
