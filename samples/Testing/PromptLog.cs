using System.Text.Json;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Timeline;

namespace CallingBot.Samples.Testing;

/// <summary>Reads what the bot asked the emulator to do on a call, from the call's timeline.</summary>
public static class PromptLog
{
    /// <summary>The prompt URIs the bot asked the service to play (playPrompt and recordResponse), in order.</summary>
    public static IReadOnlyList<string> PlayedPrompts(this EmulatorControl control, string callId)
    {
        ArgumentNullException.ThrowIfNull(control);
        var uris = new List<string>();
        foreach (var entry in control.GetTimeline(callId).Where(e => e.Kind == TimelineEntryKind.Request && e.Method == "POST" && e.Body is not null
            && (e.Path!.EndsWith("/playPrompt", StringComparison.Ordinal) || e.Path.EndsWith("/recordResponse", StringComparison.Ordinal))))
        {
            using var body = JsonDocument.Parse(entry.Body!);
            if (!body.RootElement.TryGetProperty("prompts", out var prompts))
            {
                continue;
            }

            foreach (var prompt in prompts.EnumerateArray())
            {
                if (prompt.TryGetProperty("mediaInfo", out var media) && media.TryGetProperty("uri", out var uri))
                {
                    uris.Add(uri.GetString()!);
                }
            }
        }

        return uris;
    }

    /// <summary>The bot's requests on the call whose path ends with <paramref name="action"/> (for example <c>/transfer</c>).</summary>
    public static IReadOnlyList<TimelineEntry> Requests(this EmulatorControl control, string callId, string action)
    {
        ArgumentNullException.ThrowIfNull(control);
        return [.. control.GetTimeline(callId).Where(e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith(action, StringComparison.Ordinal))];
    }
}
