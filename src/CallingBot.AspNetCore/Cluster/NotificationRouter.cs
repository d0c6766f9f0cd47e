using System.Text.Json;
using System.Text.Json.Nodes;
using CallingBot.Cluster;
using CallingBot.Cluster.Calls;
using CallingBot.Graph.Notifications;
using CallingBot.AspNetCore.Callbacks;
using CallingBot.AspNetCore.Diagnostics;

namespace CallingBot.AspNetCore.Cluster;

/// <summary>
/// The receiving instance's half of the webhook, after authentication and the shape check: hands the batch to the
/// owner of the call it is about (a batch about several calls goes to each owner in turn, in batch order, one part per
/// call) and turns the owner's outcome into the webhook's result.
/// </summary>
internal sealed partial class NotificationRouter(CallOwners owners, ILogger<NotificationRouter> logger)
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = true };

    /// <param name="requestUri">The URI the batch was posted to.</param>
    /// <param name="inspection">What <see cref="NotificationShape"/> found in the batch: the batch to deliver, its calls, and which of them arrive new.</param>
    /// <param name="tenantId">Tenant of the token that authenticated it.</param>
    /// <param name="requestId">The sender's <c>client-request-id</c>.</param>
    /// <param name="scenarioId">The sender's <c>scenario-id</c>.</param>
    public async Task<NotificationResult> DeliverAsync(Uri requestUri, NotificationInspection inspection, string tenantId, Guid requestId, Guid scenarioId)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        ArgumentNullException.ThrowIfNull(inspection);
        var body = inspection.Body ?? throw new ArgumentException("Only a batch with accepted notifications is delivered.", nameof(inspection));

        // A batch is almost always about one call: it goes as it is, without being read again.
        var parts = inspection.CallIds.Count == 1 ? [(inspection.CallIds[0], body)] : SplitByCall(body);
        NotificationResult? answered = null;
        foreach (var (callId, part) in parts)
        {
            var notification = new CallNotification(
                callId, tenantId, part, requestUri.AbsoluteUri, requestId, scenarioId, inspection.IncomingCallIds.Contains(callId, StringComparer.OrdinalIgnoreCase), owners.Instance.Name,
                System.Diagnostics.Activity.Current?.Id);
            CallNotificationOutcome outcome;
            try
            {
                outcome = await owners.DeliverAsync(notification);
            }
            catch (ClusterNotStartedException)
            {
                return NotificationResult.NotReady;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Log.OwnerUnreachable(logger, callId, exception.GetType().Name);
                return NotificationResult.Failed("owner-unreachable");
            }

            var result = ToResult(outcome);
            if (!result.IsProcessed)
            {
                // An earlier part was processed: the sender's retry brings it again, and its owner recognizes it.
                return result;
            }

            answered ??= result.Kind == NotificationResultKind.Answered ? result : null;
        }

        return answered ?? NotificationResult.Accepted;
    }

    private static NotificationResult ToResult(CallNotificationOutcome outcome) => outcome.Kind switch
    {
        CallNotificationOutcomeKind.Accepted or CallNotificationOutcomeKind.Dropped => NotificationResult.Accepted,
        CallNotificationOutcomeKind.Answered => NotificationResult.Answered(outcome.ResponseJson!),
        CallNotificationOutcomeKind.Malformed => NotificationResult.Malformed(outcome.Reason ?? "malformed-notification"),
        CallNotificationOutcomeKind.NotReady => NotificationResult.NotReady,
        _ => NotificationResult.Failed(outcome.Reason ?? "processing-failed"),
    };

    /// <summary>The batch as one part per call, in order of each call's first notification; the batch itself when it is about one call.</summary>
    internal static IReadOnlyList<(string CallId, string Body)> SplitByCall(string body)
    {
        var root = JsonNode.Parse(body, NodeOptions) as JsonObject;
        var notifications = root?["value"] as JsonArray ?? throw new JsonException("A shape-checked batch has a 'value' array.");
        var order = new List<string>();
        var byCall = new Dictionary<string, List<JsonNode>>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in notifications)
        {
            var url = item?["resourceUrl"]?.GetValue<string>() ?? string.Empty;
            var callId = CallResourcePath.TryParse(url)?.CallId ?? string.Empty;
            if (!byCall.TryGetValue(callId, out var items))
            {
                byCall[callId] = items = [];
                order.Add(callId);
            }

            items.Add(item!);
        }

        if (order.Count == 1)
        {
            return [(order[0], body)];
        }

        var parts = new List<(string, string)>(order.Count);
        foreach (var callId in order)
        {
            var copy = (JsonObject)root!.DeepClone();
            copy["value"] = new JsonArray([.. byCall[callId].Select(n => n.DeepClone())]);
            parts.Add((callId, copy.ToJsonString()));
        }

        return parts;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AspNetCoreEventIds.CallOwnerUnreachable, EventName = nameof(AspNetCoreEventIds.CallOwnerUnreachable), Level = LogLevel.Warning, Message = "The instance owning call {CallId} could not be reached ({ExceptionType}); the sender is asked to retry")]
        public static partial void OwnerUnreachable(ILogger logger, string callId, string exceptionType);
    }
}
