using System.Text.Json.Nodes;
using CallingBot.Acs.Configuration;
using CallingBot.Media.Audio;

namespace CallingBot.Acs.Media;

/// <summary>
/// The <c>mediaStreamingOptions</c> of Answer and Create Call (GA 2025-05-15): audio over a WebSocket, mixed or
/// unmixed, PCM 16 or 24 kHz mono (<see cref="AcsOptions.MediaStreamingAudioChannel"/>,
/// <see cref="AcsOptions.MediaStreamingAudioFormat"/>), bidirectional. The transport URL is the bot's media endpoint for one media session,
/// <c>wss://{base}/media/{sessionId}?token={secret}</c>: ACS sends no credential of its own on the media socket, so
/// the per-call secret in the URL (compared in constant time before the upgrade) is what authenticates it.
/// </summary>
internal static class AcsMediaStreaming
{
    public const string TransportType = "websocket";
    public const string ContentType = "audio";

    public static JsonObject Options(Uri transportUrl, bool startMediaStreaming, AcsOptions options) => new()
    {
        ["transportUrl"] = transportUrl.AbsoluteUri,
        ["transportType"] = TransportType,
        ["contentType"] = ContentType,
        ["audioChannelType"] = ChannelType(options.MediaStreamingAudioChannel),
        ["startMediaStreaming"] = startMediaStreaming,
        ["enableBidirectional"] = true,
        ["audioFormat"] = FormatName(options.MediaStreamingAudioFormat),
    };

    /// <summary>The wire value of <c>audioChannelType</c>.</summary>
    public static string ChannelType(AcsAudioChannel channel) => channel == AcsAudioChannel.Unmixed ? "unmixed" : "mixed";

    /// <summary>The wire value of <c>audioFormat</c>.</summary>
    public static string FormatName(AcsAudioFormat format) => format == AcsAudioFormat.Pcm24KMono ? "pcm24KMono" : "pcm16KMono";

    /// <summary>The call pipeline's format for an ACS stream format: 16 or 24 kHz mono, 20 ms frames.</summary>
    public static AudioFormat PipelineFormat(AcsAudioFormat format) =>
        format == AcsAudioFormat.Pcm24KMono ? Pcm24K : AudioFormat.Default;

    private static readonly AudioFormat Pcm24K = new(24_000, 1, TimeSpan.FromMilliseconds(20));

    /// <summary>The media endpoint's public base (configured, else given by the host); a session's URL goes under it.</summary>
    public static Uri BaseUrl(Uri? configuredBase, Func<Uri?>? hostBase) =>
        configuredBase ?? hostBase?.Invoke()
        ?? throw new NotSupportedException($"App-hosted media on ACS needs {AcsOptions.SectionName}:MediaStreamingTransportUrl (the bot's public wss:// base address; the bot adds /media/{{session}}?token=…).");
}
