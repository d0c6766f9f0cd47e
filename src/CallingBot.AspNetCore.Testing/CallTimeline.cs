using System.Globalization;
using System.Text;
using System.Text.Json;
using CallingBot.Core.Calls;
using CallingBot.Emulator.Timeline;

namespace CallingBot.AspNetCore.Testing;

/// <summary>
/// One call's history at the emulator, as a test reads it: the bot's requests (answer, playPrompt, transfer…), the
/// notifications the bot got, and the emulator's events, in order. The <c>Assert…</c> methods fail with a
/// <see cref="TimelineAssertionException"/> whose message prints the whole timeline compactly, one line per entry.
/// A snapshot: read the call's timeline again (<see cref="CallingBotTestHost.Timeline"/>) to see what came later.
/// </summary>
public sealed class CallTimeline
{
    public CallTimeline(string callId, IReadOnlyList<TimelineEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(callId);
        ArgumentNullException.ThrowIfNull(entries);
        CallId = callId;
        Entries = entries;
        DroppedEntries = entries is TimelineSnapshot snapshot ? snapshot.DroppedEntries : 0;
    }

    public string CallId { get; }

    public IReadOnlyList<TimelineEntry> Entries { get; }

    /// <summary>Oldest entries the emulator no longer keeps (its timeline limits); 0 when the timeline is complete.</summary>
    public long DroppedEntries { get; }

    /// <summary>The prompt URIs the bot asked the service to play (playPrompt and recordResponse), in order.</summary>
    public IReadOnlyList<string> PlayedPrompts
    {
        get
        {
            var uris = new List<string>();
            foreach (var entry in Entries.Where(e => e.Kind == TimelineEntryKind.Request && e.Method == "POST" && e.Body is not null
                && (EndsWith(e.Path, "/playPrompt") || EndsWith(e.Path, "/recordResponse"))))
            {
                using var body = JsonDocument.Parse(entry.Body!);
                if (!body.RootElement.TryGetProperty("prompts", out var prompts) || prompts.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var prompt in prompts.EnumerateArray())
                {
                    if (prompt.TryGetProperty("mediaInfo", out var media) && media.TryGetProperty("uri", out var uri) && uri.GetString() is { } text)
                    {
                        uris.Add(text);
                    }
                }
            }

            return uris;
        }
    }

    /// <summary>The notifications sent to the bot that it accepted (2xx), in order.</summary>
    public IReadOnlyList<TimelineEntry> DeliveredNotifications =>
        [.. Entries.Where(e => e.Kind == TimelineEntryKind.Notification && e.StatusCode is >= 200 and < 300)];

    /// <summary>The bot's requests whose path ends with <paramref name="action"/> (for example <c>/transfer</c>, or the call id for the call itself).</summary>
    public IReadOnlyList<TimelineEntry> Requests(string action)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        return [.. Entries.Where(e => e.Kind == TimelineEntryKind.Request && EndsWith(e.Path, action))];
    }

    /// <summary>Fails unless the bot asked for exactly these prompts, in this order.</summary>
    public void AssertPlayedPrompts(params string[] uris)
    {
        ArgumentNullException.ThrowIfNull(uris);
        var played = PlayedPrompts;
        if (!played.SequenceEqual(uris, StringComparer.Ordinal))
        {
            throw Failure($"Expected the bot to play [{string.Join(", ", uris)}], in that order; it played [{string.Join(", ", played)}].");
        }
    }

    /// <summary>Fails unless the bot asked for exactly these prompts, in this order.</summary>
    public void AssertPlayedPrompts(params Prompt[] prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        AssertPlayedPrompts([.. prompts.Select(p => p.Uri.AbsoluteUri)]);
    }

    /// <summary>Returns the bot's one request whose path ends with <paramref name="action"/>; fails if there is none or several.</summary>
    public TimelineEntry AssertSingleRequest(string action)
    {
        var requests = Requests(action);
        return requests.Count == 1
            ? requests[0]
            : throw Failure($"Expected exactly one request of the bot ending with '{action}'; found {requests.Count}.");
    }

    /// <summary>Fails if the bot sent any request whose path ends with <paramref name="action"/>.</summary>
    public void AssertNoRequest(string action)
    {
        var requests = Requests(action);
        if (requests.Count != 0)
        {
            throw Failure($"Expected no request of the bot ending with '{action}'; found {requests.Count}.");
        }
    }

    /// <summary>
    /// Returns the first notification the bot accepted whose description contains <paramref name="text"/> (for
    /// example <c>(established)</c>, <c>deleted</c>, <c>/participants</c>); fails if there is none.
    /// </summary>
    public TimelineEntry AssertNotified(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        return DeliveredNotifications.FirstOrDefault(e => e.Description?.Contains(text, StringComparison.Ordinal) == true)
            ?? throw Failure($"Expected the bot to have accepted a notification about '{text}'; it accepted none.");
    }

    /// <summary>The timeline, one line per entry: sequence, time since the first entry, direction, what and status.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Timeline of call {CallId} ({Entries.Count} entries");
        text.Append(DroppedEntries > 0 ? string.Create(CultureInfo.InvariantCulture, $", {DroppedEntries} older ones dropped):") : "):");
        var start = Entries.Count > 0 ? Entries[0].Timestamp : default;
        foreach (var entry in Entries)
        {
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"  #{entry.Sequence,-3} +{(entry.Timestamp - start).TotalMilliseconds,6:0}ms ");
            text.Append(entry.Kind switch
            {
                TimelineEntryKind.Request => $"bot -> {entry.Method} {entry.Path} {Status(entry)}",
                TimelineEntryKind.Notification => $"bot <- {entry.Description} {Status(entry)}" + (entry.Attempts > 1 ? string.Create(CultureInfo.InvariantCulture, $" after {entry.Attempts} attempts") : ""),
                _ => $"event  {entry.Description}",
            });
        }

        return text.ToString();
    }

    private TimelineAssertionException Failure(string message) => new(message + Environment.NewLine + this);

    private static string Status(TimelineEntry entry) => entry.StatusCode switch
    {
        null => "(pending)",
        0 => "(no response)",
        { } code => code.ToString(CultureInfo.InvariantCulture),
    };

    private static bool EndsWith(string? path, string suffix) => path is not null && path.EndsWith(suffix, StringComparison.Ordinal);
}
