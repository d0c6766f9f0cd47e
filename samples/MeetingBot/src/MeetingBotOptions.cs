using CallingBot.Core.Calls;

namespace MeetingBot;

public sealed record MeetingBotOptions
{
    /// <summary>Played once the bot is in the meeting, for example "The note taker has joined; this meeting is being summarised."</summary>
    public required Prompt Announcement { get; init; }
}
