using System.Text.Json.Nodes;
using CallingBot.Acs.Configuration;

namespace CallingBot.Acs.Media;

/// <summary>
/// The <c>mediaStreamingOptions</c> of Answer and Create Call (GA 2025-05-15): audio over a WebSocket, mixed, PCM
/// 16 kHz mono, bidirectional. The transport URL is the bot's media endpoint for one media session,
/// <c>wss://{base}/media/{sessionId}?token={secret}</c>: ACS sends no credential of its own on the media socket, so
/// the per-call secret in the URL (compared in constant time before the upgrade) is what authenticates it.
/// </summary>
internal static class AcsMediaStreaming
{
    public const string TransportType = "websocket";
    public const string ContentType = "audio";
    public const string AudioChannelType = "mixed";
    public const string AudioFormat = "pcm16KMono";

    public static JsonObject Options(Uri transportUrl, bool startMediaStreaming) => new()
    {
        ["transportUrl"] = transportUrl.AbsoluteUri,
        ["transportType"] = TransportType,
        ["contentType"] = ContentType,
        ["audioChannelType"] = AudioChannelType,
        ["startMediaStreaming"] = startMediaStreaming,
        ["enableBidirectional"] = true,
        ["audioFormat"] = AudioFormat,
    };

    /// <summary>The media endpoint's public base (configured, else given by the host); a session's URL goes under it.</summary>
    public static Uri BaseUrl(Uri? configuredBase, Func<Uri?>? hostBase) =>
        configuredBase ?? hostBase?.Invoke()
        ?? throw new NotSupportedException($"App-hosted media on ACS needs {AcsOptions.SectionName}:MediaStreamingTransportUrl (the bot's public wss:// base address; the bot adds /media/{{session}}?token=…).");
}
