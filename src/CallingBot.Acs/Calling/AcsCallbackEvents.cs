using System.Text.Json;

namespace CallingBot.Acs.Calling;

/// <summary>One Call Automation CloudEvent: its type and the ids and data ACS puts in every event.</summary>
internal sealed record AcsCallbackEvent(string Type, string CallConnectionId, string? CorrelationId, string? OperationContext, JsonElement Data)
{
    /// <summary><c>resultInformation.message</c>, or the event type when the service gave none.</summary>
    public string ResultMessage =>
        Data.TryGetProperty("resultInformation", out var result) && result.ValueKind == JsonValueKind.Object
        && result.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
            ? message.GetString()!
            : Type;

    public string? Text(string name) =>
        Data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>Reads the CloudEvents array ACS posts to the callback URI.</summary>
internal static class AcsCallbackEvents
{
    public const string Prefix = "Microsoft.Communication.";
    public const string CallConnected = Prefix + "CallConnected";
    public const string CallDisconnected = Prefix + "CallDisconnected";
    public const string PlayCompleted = Prefix + "PlayCompleted";
    public const string PlayFailed = Prefix + "PlayFailed";
    public const string PlayCanceled = Prefix + "PlayCanceled";
    public const string ToneReceived = Prefix + "ContinuousDtmfRecognitionToneReceived";
    public const string ToneFailed = Prefix + "ContinuousDtmfRecognitionToneFailed";
    public const string SendDtmfTonesCompleted = Prefix + "SendDtmfTonesCompleted";
    public const string SendDtmfTonesFailed = Prefix + "SendDtmfTonesFailed";
    public const string CallTransferAccepted = Prefix + "CallTransferAccepted";
    public const string CallTransferFailed = Prefix + "CallTransferFailed";
    public const string AddParticipantSucceeded = Prefix + "AddParticipantSucceeded";
    public const string AddParticipantFailed = Prefix + "AddParticipantFailed";
    public const string RemoveParticipantSucceeded = Prefix + "RemoveParticipantSucceeded";
    public const string RemoveParticipantFailed = Prefix + "RemoveParticipantFailed";
    public const string ParticipantsUpdated = Prefix + "ParticipantsUpdated";
    public const string MediaStreamingStarted = Prefix + "MediaStreamingStarted";
    public const string MediaStreamingStopped = Prefix + "MediaStreamingStopped";
    public const string MediaStreamingFailed = Prefix + "MediaStreamingFailed";

    /// <summary>The events of one POST (a JSON array, or a single event object). Events without a callConnectionId are skipped.</summary>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public static List<AcsCallbackEvent> Parse(ReadOnlySpan<byte> body)
    {
        var events = new List<AcsCallbackEvent>();
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        var items = document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement.EnumerateArray().ToList()
            : [document.RootElement];
        foreach (var item in items)
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("callConnectionId", out var id) || id.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var copy = data.Clone();
            events.Add(new AcsCallbackEvent(type.GetString()!, id.GetString()!, TextOf(copy, "correlationId"), TextOf(copy, "operationContext"), copy));
        }

        return events;
    }

    private static string? TextOf(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
