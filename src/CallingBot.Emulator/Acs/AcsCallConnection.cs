using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Acs;

/// <summary>One emulated call connection: what the bot asked for, what the caller did, and the callback events delivered.</summary>
internal sealed class AcsCallConnection(string id, string serverCallId, string correlationId, JsonObject request, DateTimeOffset created)
{
    public string Id { get; } = id;

    public string ServerCallId { get; } = serverCallId;

    public string CorrelationId { get; } = correlationId;

    public JsonObject Request { get; } = request;

    public DateTimeOffset Created { get; } = created;

    public string State { get; set; } = "connecting";

    /// <summary>"outbound" for Create Call, "inbound" for an answered incoming call.</summary>
    public string Direction { get; init; } = "outbound";

    /// <summary>Created with the preview api-version: the seed's request and response shape.</summary>
    public bool PreviewShape { get; init; }

    public string? MediaSubscriptionId { get; } = request["mediaStreamingConfiguration"] is JsonObject || request["mediaStreamingOptions"] is JsonObject ? Guid.NewGuid().ToString() : null;

    public string CallbackUri => Request["callbackUri"]!.GetValue<string>();

    public string? OperationContext => Request["operationContext"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The last callback delivery of this call; the next one waits for it, so events arrive in order.</summary>
    public Task DeliveryTail { get; set; } = Task.CompletedTask;

    /// <summary>Event types posted successfully to the callback URI, in order.</summary>
    public List<string> DeliveredEvents { get; } = [];

    /// <summary>File URLs of every play action, in order.</summary>
    public List<string> PlayedPrompts { get; } = [];

    /// <summary>Mid-call actions the bot requested (<c>play</c>, <c>transferToParticipant</c>, …) with their bodies, in order.</summary>
    public List<(string Action, string Body)> Actions { get; } = [];

    /// <summary>The operationContext of the running continuous DTMF recognition; null when none runs.</summary>
    public string? ToneRecognitionContext { get; set; }

    public bool ToneRecognitionActive { get; set; }

    public int ToneSequence { get; set; }

    /// <summary>The echo (operationContext) of the running <c>:stopMediaStreaming</c>, for its MediaStreamingStopped event.</summary>
    public JsonObject? MediaStopEcho { get; set; }

    /// <summary>Who is in the call, for ParticipantsUpdated.</summary>
    public AcsRoster Roster { get; } = new();

    /// <summary>
    /// CallConnectionProperties. The preview shape echoes the request's source and targets as sent; the generally
    /// available shape reports the source as a full identifier, the caller id number and name, the correlation id and
    /// the media streaming subscription.
    /// </summary>
    public JsonObject ToProperties()
    {
        var properties = new JsonObject
        {
            ["callConnectionId"] = Id,
            ["serverCallId"] = ServerCallId,
            ["targets"] = Request["targets"]?.DeepClone(),
            ["callConnectionState"] = State,
            ["callbackUri"] = CallbackUri,
        };
        if (PreviewShape)
        {
            properties["source"] = Request["source"]?.DeepClone();
            if (MediaSubscriptionId is not null)
            {
                properties["mediaSubscriptionId"] = MediaSubscriptionId;
            }

            return properties;
        }

        if (Request["source"] is JsonObject source)
        {
            // Create Call sends the bare user ({"id"}); an answered call's source is already a full identifier.
            properties["source"] = source["id"] is JsonValue id && id.TryGetValue<string>(out var rawId)
                ? new JsonObject { ["kind"] = "communicationUser", ["rawId"] = rawId, ["communicationUser"] = new JsonObject { ["id"] = rawId } }
                : source.DeepClone();
        }

        foreach (var name in new[] { "sourceCallerIdNumber", "sourceDisplayName" })
        {
            if (Request[name] is { } value)
            {
                properties[name] = value.DeepClone();
            }
        }

        properties["correlationId"] = CorrelationId;
        if (MediaSubscriptionId is not null)
        {
            var media = Request["mediaStreamingOptions"] as JsonObject;
            var started = media?["startMediaStreaming"] is JsonValue start && start.TryGetValue<bool>(out var on) && on;
            properties["mediaStreamingSubscription"] = new JsonObject
            {
                ["id"] = MediaSubscriptionId,
                ["state"] = started ? "active" : "inactive",
                ["subscribedContentTypes"] = new JsonArray("audio"),
            };
        }

        return properties;
    }
}
