using System.Diagnostics;
using CallingBot.Cluster.Calls;
using CallingBot.Graph.Notifications;
using CallingBot.AspNetCore.Callbacks;
using CallingBot.AspNetCore.Diagnostics;

namespace CallingBot.AspNetCore.Cluster;

/// <summary>
/// The owner's half of the webhook, run in the call's grain on the instance that holds the call: hands the batch to
/// this instance's SDK. A batch another instance received is first checked again against the calls this instance
/// knows (ended calls, the token tenant's live calls), which the receiving instance could not see.
/// </summary>
internal sealed partial class OwnerNotificationHandler(
    GraphNotificationProcessor processor,
    ClusterCallRegistry registry,
    CallbackMetrics metrics,
    ILogger<OwnerNotificationHandler> logger) : ICallNotificationHandler
{
    public CallNotificationOutcome Handle(CallNotification notification, bool receivedElsewhere)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var body = notification.Body;
        var local = registry.Local;
        NotificationInspection? inspection = null;
        if (receivedElsewhere)
        {
            inspection = NotificationShape.Inspect(body, local.GetStatus);
            if (!inspection.IsValid)
            {
                return new(CallNotificationOutcomeKind.Malformed, Reason: "malformed-notification");
            }

            if (inspection.Accepted == 0)
            {
                return new(CallNotificationOutcomeKind.Dropped, Reason: "call-ended");
            }

            if (!local.HasLiveCalls(notification.TenantId) && !notification.CreatesCall)
            {
                Log.NoCallInTenant(logger, notification.TenantId, inspection.Accepted);
                metrics.DroppedNotifications.Add(1, new KeyValuePair<string, object?>("reason", "no-call-in-tenant"));
                return new(CallNotificationOutcomeKind.Dropped, Reason: "no-call-in-tenant");
            }

            body = inspection.Body!;
        }

        // The webhook's callback span, on whichever instance received the batch, stays the parent of the work it causes.
        ActivityContext? parent = ActivityContext.TryParse(notification.TraceParent, null, isRemote: true, out var context) ? context : null;
        var result = processor.Process(new Uri(notification.RequestUri), body, notification.TenantId, notification.RequestId, notification.ScenarioId, parent);
        if (inspection is not null && result.IsProcessed)
        {
            foreach (var callId in inspection.DeletedCallIds)
            {
                // Only a call this instance holds (see CallbackController): a call the SDK has yet to raise stays unmarked.
                if (local.GetStatus(callId) == Core.Registry.CallStatus.Live)
                {
                    local.MarkEnded(callId);
                }
            }
        }

        return result.Kind switch
        {
            NotificationResultKind.Accepted => new(CallNotificationOutcomeKind.Accepted),
            NotificationResultKind.Answered => new(CallNotificationOutcomeKind.Answered, result.ResponseJson),
            NotificationResultKind.Malformed => new(CallNotificationOutcomeKind.Malformed, Reason: result.Reason),
            NotificationResultKind.NotReady => new(CallNotificationOutcomeKind.NotReady, Reason: result.Reason),
            _ => new(CallNotificationOutcomeKind.Failed, Reason: result.Reason),
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AspNetCoreEventIds.HandedNotificationWithoutCall, EventName = nameof(AspNetCoreEventIds.HandedNotificationWithoutCall), Level = LogLevel.Warning, Message = "Notification batch ({Count} notification(s)) handed over for tenant {TenantId}, which has no call on this instance, dropped")]
        public static partial void NoCallInTenant(ILogger logger, string tenantId, int count);
    }
}
