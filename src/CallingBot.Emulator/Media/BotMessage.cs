namespace CallingBot.Emulator.Media;

/// <summary>What a message from the bot's media socket was.</summary>
internal enum BotMessage
{
    Unknown,
    Audio,
    StopAudio,
}
