using CallingBot.Graph.Calling;
using Microsoft.Extensions.Logging;
using Microsoft.Graph.Communications.Common;
using Microsoft.Graph.Communications.Core.Notifications;

namespace CallingBot.Graph.Notifications;

/// <summary>
/// Hands an already-authenticated notification batch to the SDK. Authentication happens before this point (the SDK's
/// own intake parses before it authenticates, so the host does not use it).
/// </summary>
public sealed partial class GraphNotificationProcessor(GraphCallingPlatform platform, ILogger<GraphNotificationProcessor> logger)
{
    public NotificationOutcome Process(Uri requestUri, string body, string tenantId, Guid requestId, Guid scenarioId)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        ArgumentNullException.ThrowIfNull(body);
        var client = platform.Client;
        if (client is null)
        {
            return NotificationOutcome.NotReady;
        }

        CommsNotifications notifications;
        try
        {
            notifications = NotificationProcessor.ExtractNotifications(body, client.Serializer);
        }
        catch (Exception exception)
        {
            Log.Malformed(logger, exception.GetType().Name);
            return new NotificationOutcome(400, Error: "malformed-notification");
        }

        if (notifications?.Value is null || !notifications.Value.Any())
        {
            return new NotificationOutcome(400, Error: "empty-notification");
        }

        object? response;
        try
        {
            response = client.ProcessNotifications(requestUri, notifications, tenantId, requestId, scenarioId);
        }
        catch (Exception exception)
        {
            Log.ProcessingFailed(logger, exception);
            return new NotificationOutcome(500, Error: "processing-failed");
        }

        return response is null
            ? NotificationOutcome.Accepted
            : new NotificationOutcome(200, client.Serializer.SerializeObject(response));
    }

    private static partial class Log
    {
        [LoggerMessage(2300, LogLevel.Warning, "Notification rejected: the SDK could not read it ({ExceptionType})", EventName = "NotificationMalformed")]
        public static partial void Malformed(ILogger logger, string exceptionType);

        [LoggerMessage(2301, LogLevel.Error, "The SDK failed to process a notification", EventName = "NotificationFailed")]
        public static partial void ProcessingFailed(ILogger logger, Exception exception);
    }
}
