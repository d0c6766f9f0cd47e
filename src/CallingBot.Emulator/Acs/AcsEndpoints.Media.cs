using System.Text.Json.Nodes;
using CallingBot.Emulator.Media;
using Microsoft.AspNetCore.Http;

namespace CallingBot.Emulator.Acs;

/// <summary>
/// Media streaming of the emulated ACS resource: a call answered or created with <c>mediaStreamingOptions</c>
/// (<c>startMediaStreaming: true</c>) streams the remote party's audio to the transport URL once connected, else on
/// <c>:startMediaStreaming</c>; <c>:stopMediaStreaming</c> closes the stream, and a later start opens a new one.
/// <c>audioChannelType: unmixed</c> labels each frame with its speaker (<c>participantRawID</c>); <c>pcm24KMono</c>
/// streams 24 kHz (960-byte frames), resampled from and to the emulator's 16 kHz sources and keepers. Each stream is an
/// <see cref="EmulatedMediaStream"/> of the Graph side's media manager, keyed by the call connection id, so the media
/// control (sources, what the bot sent back) works for ACS calls too. Events: MediaStreamingStarted once the socket is
/// up, MediaStreamingStopped once it closed on a stop, MediaStreamingFailed when the bot's endpoint cannot be reached.
/// </summary>
internal sealed partial class AcsEndpoints
{
    private const string StreamingStarted = "MediaStreamingStarted";
    private const string StreamingStopped = "MediaStreamingStopped";
    private const string StreamingFailed = "MediaStreamingFailed";

    private MediaStreamManager? _media;

    /// <summary>Whether the call connection is live (for the media control's checks).</summary>
    internal bool Holds(string callConnectionId) => _registry.Find(callConnectionId) is not null;

    /// <summary>The <c>mediaStreamingOptions</c> the call was set up with (or the older <c>mediaStreamingConfiguration</c>).</summary>
    private static JsonObject? MediaOptionsOf(AcsCallConnection call) =>
        call.Request["mediaStreamingOptions"] as JsonObject ?? call.Request["mediaStreamingConfiguration"] as JsonObject;

    /// <summary>On CallConnected: streams at once when the call asked for it.</summary>
    private void OnCallConnected(AcsCallConnection call)
    {
        if (MediaOptionsOf(call) is { } options && options["startMediaStreaming"] is JsonValue flag && flag.TryGetValue<bool>(out var start) && start)
        {
            StartStreaming(call, options, echo: null);
        }
    }

    private AcsResult StartMediaStreaming(AcsCallConnection call, JsonObject echo)
    {
        if (MediaOptionsOf(call) is not { } options)
        {
            return AcsError.BadRequest("The call was not answered or created with mediaStreamingOptions; media streaming cannot start.", AcsMediaStreamingValidator.Path);
        }

        return StartStreaming(call, options, echo)
            ? new AcsResult(StatusCodes.Status202Accepted, null)
            : AcsError.BadRequest("Media streaming is already started on this call.", "operation");
    }

    private AcsResult StopMediaStreaming(AcsCallConnection call, JsonObject echo)
    {
        lock (call)
        {
            call.MediaStopEcho = echo;
        }

        return _media?.StopStream(call.Id) == true
            ? new AcsResult(StatusCodes.Status202Accepted, null)
            : AcsError.BadRequest("Media streaming is not started on this call.", "operation");
    }

    private bool StartStreaming(AcsCallConnection call, JsonObject options, JsonObject? echo)
    {
        if (_media is null || !Uri.TryCreate((string?)options["transportUrl"], UriKind.Absolute, out var url))
        {
            return false;
        }

        var remote = (call.Request["targets"] as JsonArray)?.FirstOrDefault() is JsonObject target && AcsRoster.RawId(target) is { Length: > 0 } rawId ? rawId : "caller";
        var unmixed = string.Equals((string?)options["audioChannelType"], "unmixed", StringComparison.OrdinalIgnoreCase);
        var rate = string.Equals((string?)options["audioFormat"], "pcm24KMono", StringComparison.OrdinalIgnoreCase) ? StreamingWire.Wideband24K : ParticipantAudioSource.SampleRate;
        var stream = _media.StartAcsStream(call.Id, url, call.MediaSubscriptionId ?? call.Id, [(remote, false)], (state, error) => OnStreamState(call, state, error, echo), unmixed, rate);
        return stream is not null;
    }

    private void OnStreamState(AcsCallConnection call, string state, string? error, JsonObject? echo)
    {
        if (call.State == "disconnected")
        {
            // The call ended: ACS posts nothing after CallDisconnected.
            return;
        }

        switch (state)
        {
            case "connected":
                _publisher.Publish(call, StreamingStarted, Success, Update(echo, "mediaStreamingStarted", "subscriptionStarted"));
                break;
            case "failed":
                var failure = new JsonObject { ["code"] = 500, ["subCode"] = 8581, ["message"] = $"Media streaming could not connect to the transport URL: {error}" };
                _publisher.Publish(call, StreamingFailed, failure, Update(echo, "mediaStreamingFailed", "streamConnectionUnsuccessful"));
                break;
            default:
                JsonObject? stopEcho;
                lock (call)
                {
                    stopEcho = call.MediaStopEcho;
                    call.MediaStopEcho = null;
                }

                _publisher.Publish(call, StreamingStopped, Success, Update(stopEcho, "mediaStreamingStopped", "subscriptionStopped"));
                break;
        }
    }

    /// <summary>The event's data: the action's echo (its operationContext) and <c>mediaStreamingUpdate</c>.</summary>
    private static JsonObject Update(JsonObject? echo, string status, string details)
    {
        var data = echo?.DeepClone().AsObject() ?? [];
        data["mediaStreamingUpdate"] = new JsonObject
        {
            ["contentType"] = "Audio",
            ["mediaStreamingStatus"] = status,
            ["mediaStreamingStatusDetails"] = details,
        };
        return data;
    }
}
