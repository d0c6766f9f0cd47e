using System.Text.Json.Nodes;
using CallingBot.Emulator.Directory;

namespace CallingBot.Emulator.Calls;

/// <summary>A participant of an emulated call (the bot itself or a simulated remote party).</summary>
internal sealed class EmulatedParticipant
{
    public required string Id { get; init; }

    /// <summary>The identity set, e.g. <c>{"user":{"id","displayName"}}</c>, without @odata.type annotations.</summary>
    public required IdentityRef Identity { get; init; }

    public bool IsBot { get; init; }

    public bool IsMuted { get; set; }

    public bool IsInLobby { get; set; }

    public List<string> Modalities { get; set; } = ["audio"];

    /// <summary>"viewer" or "sharer".</summary>
    public string ScreenSharingRole { get; set; } = "viewer";

    public bool IsSharingScreen { get; set; }

    /// <summary>Whether the bot has put the participant on hold (startHoldMusic) and not taken it off (stopHoldMusic).</summary>
    public bool IsOnHold { get; set; }

    /// <summary>The participant's meeting role (onlineMeetingRole): the meeting organizer presents, everyone else attends.</summary>
    public string MeetingRole { get; set; } = "attendee";

    public string? RecordingStatus { get; set; }

    public string LanguageId { get; init; } = "en-US";

    public string Region { get; init; } = "amer";

    public CalleeBehavior? Behavior { get; init; }

    public int RosterSequenceNumber { get; set; }

    /// <summary>Source id base of the participant's media streams, unique per call.</summary>
    public int SourceIdBase { get; init; }

    public JsonObject? Metadata { get; init; }
}
