namespace CallingBot.Media.Windows.Diagnostics;

/// <summary>Event ids of CallingBot.Media.Windows (block 9000-9999).</summary>
internal static class MediaWindowsEventIds
{
    public const int PlatformConfigured = 9000;
    public const int SessionCreated = 9001;
    public const int MediaFlowing = 9002;
    public const int SendStatusChanged = 9003;
    public const int ToneReceived = 9004;
    public const int DominantSpeakerChanged = 9005;
    public const int VideoSubscribed = 9006;
    public const int AudioBufferSizeMismatch = 9007;
    public const int StreamFailed = 9008;
    public const int SessionClosed = 9009;
    public const int EventHandlerFailed = 9010;
}
