namespace CallingBot.AspNetCore.Media;

/// <summary>
/// Which media platform carries app-hosted calls (<c>CallingBot:Media:Platform</c>): <c>WebSocket</c> (default; the
/// emulator, local mode and Azure Communication Services media streaming) or <c>Native</c> (Microsoft's media
/// platform, the only transport real Teams offers; Windows Server x64).
/// </summary>
internal sealed class MediaPlatformOptions
{
    public const string SectionName = "CallingBot:Media";

    public const string WebSocket = "WebSocket";

    public const string Native = "Native";

    public string Platform { get; set; } = WebSocket;

    public bool IsNative => string.Equals(Platform, Native, StringComparison.OrdinalIgnoreCase);

    public bool IsWebSocket => string.Equals(Platform, WebSocket, StringComparison.OrdinalIgnoreCase);
}
