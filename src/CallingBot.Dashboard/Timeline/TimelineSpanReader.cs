using System.Diagnostics;
using CallingBot.Core.Diagnostics;

namespace CallingBot.Dashboard.Timeline;

/// <summary>
/// Turns a stopped span of the <c>CallingBot</c> source into what it says about each call it names: a callback is a
/// notification from the calling service to the webhook, a decision or event goes from the webhook to the handler, a
/// verb is the handler's own work (to the media lane for media), a Graph request goes from the handler to the calls API.
/// </summary>
internal static class TimelineSpanReader
{
    public static IReadOnlyList<(string CallId, TimelineObservation Observation)> Read(Activity span)
    {
        ArgumentNullException.ThrowIfNull(span);
        if (span.Source.Name != CallingBotActivity.SourceName)
        {
            return [];
        }

        var observation = Observe(span);
        if (observation is null)
        {
            return [];
        }

        var ids = CallIds(span);
        if (ids.Length == 0)
        {
            return [];
        }

        var result = new (string, TimelineObservation)[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            result[i] = (ids[i], observation);
        }

        return result;
    }

    private static TimelineObservation? Observe(Activity span)
    {
        var at = new DateTimeOffset(DateTime.SpecifyKind(span.StartTimeUtc, DateTimeKind.Utc));
        var duration = span.Duration.TotalMilliseconds;
        var failed = span.Status == ActivityStatusCode.Error;
        var error = span.GetTagItem(CallingBotActivity.ErrorTypeTag) as string;
        switch (span.OperationName)
        {
            case CallingBotActivity.CallbackSpan:
            {
                var result = span.GetTagItem(CallingBotActivity.CallbackResultTag) as string ?? "received";
                var count = span.GetTagItem(CallingBotActivity.NotificationCountTag) is int n ? n : 0;
                var label = count > 1 ? $"{count} notifications: {result}" : $"notification: {result}";
                return new TimelineObservation(at, duration, TimelineLanes.Caller, TimelineLanes.Callback, "notification", label, failed, error);
            }

            case CallingBotActivity.CallDecisionSpan:
            {
                var decision = span.GetTagItem(CallingBotActivity.DecisionTag) as string;
                var label = decision is null ? "route" : $"route: {decision}";
                return new TimelineObservation(at, duration, TimelineLanes.Callback, TimelineLanes.Handler, "decision", label, failed, error) { Decision = decision };
            }

            case CallingBotActivity.CallEventSpan:
            {
                var kind = span.GetTagItem(CallingBotActivity.EventTag) as string ?? "event";
                var state = span.GetTagItem(CallingBotActivity.StateTag) as string;
                var label = state is null ? kind : $"{kind}: {state}";
                var ends = kind == "removed" || state == "Terminated";
                return new TimelineObservation(at, duration, TimelineLanes.Callback, TimelineLanes.Handler, "event", label, failed, error) { State = state, Ends = ends };
            }

            case CallingBotActivity.CallVerbSpan:
            {
                var verb = span.GetTagItem(CallingBotActivity.VerbTag) as string ?? "verb";
                var to = verb == "media" ? TimelineLanes.Media : TimelineLanes.Handler;
                return new TimelineObservation(at, duration, TimelineLanes.Handler, to, "verb", verb, failed, error);
            }

            case CallingBotActivity.GraphRequestSpan:
            {
                var operation = span.GetTagItem(CallingBotActivity.OperationTag) as string ?? "request";
                return new TimelineObservation(at, duration, TimelineLanes.Handler, TimelineLanes.Graph, "request", operation, failed, error);
            }

            default:
                return null;
        }
    }

    private static string[] CallIds(Activity span)
    {
        if (span.GetTagItem(CallingBotActivity.CallIdTag) is string id && id.Length > 0)
        {
            return [id];
        }

        return span.GetTagItem(CallingBotActivity.CallIdsTag) switch
        {
            string[] ids => ids.Where(i => !string.IsNullOrEmpty(i)).Distinct(StringComparer.Ordinal).ToArray(),
            IEnumerable<string> ids => ids.Where(i => !string.IsNullOrEmpty(i)).Distinct(StringComparer.Ordinal).ToArray(),
            _ => [],
        };
    }
}
