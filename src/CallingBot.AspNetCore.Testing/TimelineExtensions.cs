using CallingBot.Emulator.Control;
using CallingBot.Emulator.Timeline;

namespace CallingBot.AspNetCore.Testing;

/// <summary>Reads what the bot asked the emulator to do on a call, straight from the emulator's control.</summary>
public static class TimelineExtensions
{
    /// <summary>The call's timeline as a <see cref="CallTimeline"/>.</summary>
    public static CallTimeline Timeline(this EmulatorControl control, string callId)
    {
        ArgumentNullException.ThrowIfNull(control);
        return new CallTimeline(callId, control.GetTimeline(callId));
    }

    /// <summary>The prompt URIs the bot asked the service to play (playPrompt and recordResponse), in order.</summary>
    public static IReadOnlyList<string> PlayedPrompts(this EmulatorControl control, string callId) => control.Timeline(callId).PlayedPrompts;

    /// <summary>The bot's requests on the call whose path ends with <paramref name="action"/> (for example <c>/transfer</c>).</summary>
    public static IReadOnlyList<TimelineEntry> Requests(this EmulatorControl control, string callId, string action) => control.Timeline(callId).Requests(action);
}
