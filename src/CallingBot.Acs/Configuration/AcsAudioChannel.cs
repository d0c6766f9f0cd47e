namespace CallingBot.Acs.Configuration;

/// <summary>How ACS streams a call's audio to the bot (<c>audioChannelType</c>).</summary>
public enum AcsAudioChannel
{
    /// <summary>One stream: everyone but the bot, mixed.</summary>
    Mixed,

    /// <summary>The audio of up to four dominant speakers, each frame labelled with its speaker.</summary>
    Unmixed,
}
