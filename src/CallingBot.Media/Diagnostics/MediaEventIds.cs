namespace CallingBot.Media.Diagnostics;

/// <summary>
/// Every log event id of CallingBot.Media (media sessions, the media pipeline and the audio sender), in the
/// project's block 3500–3999.
/// </summary>
/// <remarks>
/// Each [LoggerMessage] of the project takes its EventId from here and its EventName from the constant's name
/// (nameof); each constant is used exactly once. Operators filter on these numbers (docs/operations.md): never
/// reuse or renumber one, add new ones inside the block.
/// </remarks>
internal static class MediaEventIds
{
    // Sessions/MediaSessionLog
    public const int MediaRefused = 3500;
    public const int MediaConnected = 3501;
    public const int MediaDisconnected = 3502;
    public const int MediaProtocolViolation = 3503;
    public const int MediaSocketFailed = 3504;
    public const int MediaSendFailed = 3505;
    public const int MediaMessageRejected = 3506;

    // Pipeline/MediaPipeline
    public const int MediaPipelineStarted = 3601;
    public const int MediaProcessorFailed = 3602;
    public const int MediaProcessorDisposeFailed = 3603;
    public const int MediaPipelineStopped = 3604;

    // Pipeline/AudioSender
    public const int MediaAudioSendFailed = 3701;
    public const int MediaPacingResync = 3702;
    public const int MediaSourceFailed = 3703;

    // Pipeline/MediaClock
    public const int ClockSubscriberFailed = 3801;
}
