using System.Diagnostics;
using CallingBot.Core.Platform;
using CallingBot.Graph.Calling;
using CallingBot.Graph.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Graph.Communications.Client;
using Microsoft.Graph.Communications.Common;
using Microsoft.Graph.Communications.Core.Notifications;

namespace CallingBot.Graph.Notifications;

/// <summary>
/// Hands an already-authenticated notification batch to the SDK. Authentication happens before this point (the SDK's
/// own intake parses before it authenticates, so the host does not use it). A batch of call resources is read on a
/// fast path (<see cref="CallNotificationReader"/>); every other batch by the SDK's reader.
/// </summary>
public sealed partial class GraphNotificationProcessor
{
    private readonly Func<ICommunicationsClient?> _client;
    private readonly ILogger _logger;
    private readonly bool _fastPath;

    public GraphNotificationProcessor(GraphCallingPlatform platform, ILogger<GraphNotificationProcessor> logger)
        : this(platform is null ? throw new ArgumentNullException(nameof(platform)) : () => platform.Client, logger)
    {
    }

    /// <summary>Processes with the client <paramref name="client"/> returns (null while none is ready).</summary>
    /// <param name="fastPath">
    /// Whether batches of call resources are read by <see cref="CallNotificationReader"/> (the default) or, like every
    /// other batch, by the SDK's own reader (to compare the two).
    /// </param>
    internal GraphNotificationProcessor(Func<ICommunicationsClient?> client, ILogger logger, bool fastPath = true)
    {
        _client = client;
        _logger = logger;
        _fastPath = fastPath;
    }

    /// <param name="traceParent">
    /// The span the processing belongs to when it is not the current one (a batch another instance received and handed
    /// to this one); by default the current span.
    /// </param>
    public NotificationResult Process(Uri requestUri, string body, string tenantId, Guid requestId, Guid scenarioId, ActivityContext? traceParent = null)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        ArgumentNullException.ThrowIfNull(body);
        var client = _client();
        if (client is null)
        {
            return NotificationResult.NotReady;
        }

        CommsNotifications notifications;
        try
        {
            notifications = (_fastPath ? CallNotificationReader.TryRead(body) : null) ?? NotificationProcessor.ExtractNotifications(body, client.Serializer);
        }
        catch (Exception exception)
        {
            Log.Malformed(_logger, exception.GetType().Name);
            return NotificationResult.Malformed("malformed-notification");
        }

        if (notifications?.Value is null || !notifications.Value.Any())
        {
            return NotificationResult.Malformed("empty-notification");
        }

        object? response;
        try
        {
            response = client.ProcessNotifications(requestUri, notifications, tenantId, requestId, scenarioId, NotificationTraceContext.Capture(traceParent));
        }
        catch (Exception exception) when (IsRefusedInput(exception))
        {
            // The SDK read the batch but refuses its content (an unknown resource type, an operation without its
            // clientContext): a retry of the same batch would be refused again.
            Log.Malformed(_logger, exception.GetType().Name);
            return NotificationResult.Malformed("malformed-notification");
        }
        catch (Exception exception)
        {
            Log.ProcessingFailed(_logger, exception);
            return NotificationResult.Failed("processing-failed");
        }

        return response is null
            ? NotificationResult.Accepted
            : NotificationResult.Answered(Serialization.ResourceComparisonSerializer.WireSerializer(client).SerializeObject(response));
    }

    /// <summary>True when <paramref name="exception"/> is the SDK refusing the notification itself as invalid.</summary>
    internal static bool IsRefusedInput(Exception exception) =>
        GraphErrors.Translate("notification", exception) is { Kind: PlatformErrorKind.InvalidRequest };

    private static partial class Log
    {
        [LoggerMessage(EventId = GraphEventIds.NotificationMalformed, EventName = nameof(GraphEventIds.NotificationMalformed), Level = LogLevel.Warning, Message = "Notification rejected: the SDK could not read it ({ExceptionType})")]
        public static partial void Malformed(ILogger logger, string exceptionType);

        [LoggerMessage(EventId = GraphEventIds.NotificationFailed, EventName = nameof(GraphEventIds.NotificationFailed), Level = LogLevel.Error, Message = "The SDK failed to process a notification")]
        public static partial void ProcessingFailed(ILogger logger, Exception exception);
    }
}
