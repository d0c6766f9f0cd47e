using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CallingBot.AspNetCore.LocalMode;
using CallingBot.Core.Manager;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Timeline;

namespace CallingBot.Bench;

/// <summary>
/// <c>breakdown [calls]</c>: where one call's notification → answer time goes. Bot and emulator in this process share
/// one clock, so every span both of them record (the emulator's delivery, the bot's webhook request and callback span,
/// the SDK's answer request, the emulator receiving it) is placed on one time line from the moment the emulator queued
/// the incoming-call notification. One call at a time; the table gives each span's median start and median duration.
/// </summary>
internal static partial class Breakdown
{
    private const string CallerId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    public static async Task<int> RunAsync(LocalEnvironment local, ICallManager manager, int calls)
    {
        var spans = new ConcurrentQueue<Span>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => spans.Enqueue(new Span(Describe(activity), activity.StartTimeUtc, activity.Duration)),
        };
        ActivitySource.AddActivityListener(listener);

        var control = local.Emulator.Control;
        var request = new IncomingCallRequest { AppId = local.Options.AppId, FromUserId = CallerId };
        for (var i = 0; i < 50; i++)
        {
            await OneAsync(control, manager, request);
        }

        var seenSpans = new Dictionary<string, (Samples Starts, Samples Durations)>();
        var totals = new Samples();
        var acknowledged = new Samples();
        for (var i = 0; i < calls; i++)
        {
            spans.Clear();
            var (queued, ack, answer) = await OneAsync(control, manager, request);
            totals.Add((answer - queued).TotalMilliseconds);
            acknowledged.Add((ack - queued).TotalMilliseconds);
            var seen = new HashSet<string>();
            foreach (var span in spans.Where(s => s.Start >= queued.UtcDateTime.AddMilliseconds(-1) && s.Start <= answer.UtcDateTime).OrderBy(s => s.Start))
            {
                // The first span of each kind in the call's window (the notifications after the answer are not the subject).
                if (seen.Add(span.Name))
                {
                    if (!seenSpans.TryGetValue(span.Name, out var samples))
                    {
                        seenSpans[span.Name] = samples = (new Samples(), new Samples());
                    }

                    samples.Starts.Add((span.Start - queued.UtcDateTime).TotalMilliseconds);
                    samples.Durations.Add(span.Duration.TotalMilliseconds);
                }
            }
        }

        Console.WriteLine($"one call at a time, {calls} calls, bot and emulator in one process: notification → answer p50 {Samples.Ms(totals.P50)} ms (p99 {Samples.Ms(totals.P99)}), notification → the bot's 202 read by the emulator p50 {Samples.Ms(acknowledged.P50)} ms");
        Console.WriteLine("| span (first of its kind after the notification was queued) | seen in calls | start p50 (ms) | duration p50 (ms) | duration p99 (ms) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, (start, duration)) in seenSpans.OrderBy(p => p.Value.Starts.P50))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {start.Count} | {Samples.Ms(start.P50)} | {Samples.Ms(duration.P50)} | {Samples.Ms(duration.P99)} |"));
        }

        return 0;
    }

    private static async Task<(DateTimeOffset Queued, DateTimeOffset Acknowledged, DateTimeOffset Answer)> OneAsync(EmulatorControl control, ICallManager manager, IncomingCallRequest request)
    {
        var id = await control.PlaceIncomingCallAsync(request);
        await control.WaitForCallStateAsync(id, "established", TimeSpan.FromSeconds(60));
        await control.WaitForDeliveriesAsync(id, TimeSpan.FromSeconds(60));
        var timeline = control.GetTimeline(id);
        var created = timeline.First(e => e.Kind == TimelineEntryKind.Notification && e.Body!.Contains("\"created\"", StringComparison.Ordinal));
        var answer = timeline.First(e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/answer", StringComparison.Ordinal));
        await control.HangUpAsync(id);
        await ChildProcess.WaitUntilAsync(() => Task.FromResult(manager.ActiveCallCount == 0), "call removed from the bot", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(2));
        return (created.Timestamp, created.CompletedAt ?? answer.Timestamp, answer.Timestamp);
    }

    private static string Describe(Activity activity)
    {
        var path = activity.GetTagItem("url.path") as string
            ?? (activity.GetTagItem("url.full") is string full && Uri.TryCreate(full, UriKind.Absolute, out var uri) ? uri.AbsolutePath : null);
        var kind = activity.Source.Name switch
        {
            "Microsoft.AspNetCore" or "" when activity.OperationName.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) => "server",
            "System.Net.Http" => "client",
            _ => activity.Source.Name,
        };
        var name = path is null ? $"{kind}: {activity.DisplayName}" : $"{kind}: {activity.DisplayName.Split(' ')[0]} {path}";
        return Ids().Replace(name, "{id}");
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Ids();

    private sealed record Span(string Name, DateTime Start, TimeSpan Duration);
}
