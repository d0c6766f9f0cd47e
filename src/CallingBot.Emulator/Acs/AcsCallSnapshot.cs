namespace CallingBot.Emulator.Acs;

/// <summary>What the emulator knows of one ACS call connection at one moment.</summary>
public sealed record AcsCallSnapshot(
    string CallConnectionId,
    string CorrelationId,
    string State,
    bool ToneRecognitionActive,
    IReadOnlyList<string> PlayedPrompts,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> ActionBodies,
    IReadOnlyList<string> DeliveredEvents)
{
    /// <summary>The participants in the call (raw ids; <c>+E164</c> for phones), with " (muted)" after the muted ones.</summary>
    public IReadOnlyList<string> Participants { get; init; } = [];

    /// <summary>The <c>mediaStreamingOptions</c> the bot sent on Answer or Create Call (JSON), or null.</summary>
    public string? MediaStreamingOptions { get; init; }

    internal static AcsCallSnapshot Of(AcsCallConnection call)
    {
        string[] delivered;
        lock (call.DeliveredEvents)
        {
            delivered = [.. call.DeliveredEvents];
        }

        lock (call)
        {
            return new AcsCallSnapshot(
                call.Id,
                call.CorrelationId,
                call.State,
                call.ToneRecognitionActive,
                [.. call.PlayedPrompts],
                [.. call.Actions.Select(a => a.Action)],
                [.. call.Actions.Select(a => a.Body)],
                delivered)
            {
                Participants = call.Roster.Describe(),
                MediaStreamingOptions = (call.Request["mediaStreamingOptions"] ?? call.Request["mediaStreamingConfiguration"])?.ToJsonString(),
            };
        }
    }
}
