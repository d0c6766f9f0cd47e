using System.Net.WebSockets;

namespace CallingBot.Emulator.Softphone;

/// <summary>
/// The audio a softphone page exchanges with the emulator over its socket: binary messages of exactly one 20 ms frame
/// of 16 kHz mono 16-bit little-endian PCM (640 bytes), in both directions.
/// </summary>
internal static class PageFrames
{
    public const int SampleRate = 16_000;
    public const int FrameBytes = 640;

    /// <summary>Frames a second in real time.</summary>
    public const int FramesPerSecond = 50;

    /// <summary>Why a message from a page is refused (with the close status that says so), or null for a good frame.</summary>
    public static (WebSocketCloseStatus Status, string Reason)? Check(WebSocketMessageType type, int length)
    {
        if (type == WebSocketMessageType.Text)
        {
            return (WebSocketCloseStatus.InvalidMessageType, "Send audio as binary messages of 640 bytes (20 ms of 16 kHz mono 16-bit PCM).");
        }

        if (length > FrameBytes)
        {
            return (WebSocketCloseStatus.MessageTooBig, $"An audio message was larger than {FrameBytes} bytes; send one 20 ms frame per message.");
        }

        if (length != FrameBytes)
        {
            return (WebSocketCloseStatus.InvalidPayloadData, $"An audio message had {length} bytes; each must be exactly {FrameBytes} (20 ms of 16 kHz mono 16-bit PCM).");
        }

        return null;
    }
}
