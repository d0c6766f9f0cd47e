using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Acs;

/// <summary>
/// Emulated Event Grid for the ACS resource: webhook subscriptions created with the validation handshake
/// (<c>Microsoft.EventGrid.SubscriptionValidationEvent</c>, answered with <c>validationResponse</c>), then IncomingCall
/// events delivered to every validated subscription in the Event Grid schema with <c>aeg-event-type: Notification</c>.
/// </summary>
internal sealed partial class AcsEventGrid(HttpClient deliveryClient, AcsEmulatorOptions acs, EmulatorOptions options, TimeProvider time, ILogger<AcsEventGrid> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Uri> _subscriptions = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Creates (or replaces) subscription <paramref name="name"/>: sends the validation event to
    /// <paramref name="endpoint"/> and keeps the subscription only when the response echoes the code.
    /// Returns null on success, else why the handshake failed.
    /// </summary>
    public async Task<string?> SubscribeAsync(string name, Uri endpoint, CancellationToken cancellationToken)
    {
        var code = Guid.NewGuid().ToString().ToUpperInvariant();
        var validation = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["topic"] = acs.EventGridTopic,
            ["subject"] = string.Empty,
            ["data"] = new JsonObject { ["validationCode"] = code, ["validationUrl"] = null },
            ["eventType"] = "Microsoft.EventGrid.SubscriptionValidationEvent",
            ["eventTime"] = Now(),
            ["metadataVersion"] = "1",
            ["dataVersion"] = "2",
        };
        try
        {
            using var response = await PostAsync(endpoint, name, "SubscriptionValidation", validation, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return $"the endpoint answered the validation event with HTTP {(int)response.StatusCode}";
            }

            var echoed = JsonNode.Parse(text.Length == 0 ? "{}" : text)?["validationResponse"]?.GetValue<string>();
            if (!string.Equals(echoed, code, StringComparison.Ordinal))
            {
                return "the endpoint's response did not carry the validation code as validationResponse";
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return $"the validation event could not be delivered: {exception.Message}";
        }

        lock (_gate)
        {
            _subscriptions[name] = endpoint;
        }

        Log.Subscribed(logger, name);
        return null;
    }

    /// <summary>Delivers an IncomingCall event to every subscription; returns how many accepted it.</summary>
    public async Task<int> PublishIncomingCallAsync(JsonObject data, string subject, CancellationToken cancellationToken)
    {
        KeyValuePair<string, Uri>[] targets;
        lock (_gate)
        {
            targets = [.. _subscriptions];
        }

        var delivered = 0;
        foreach (var (name, endpoint) in targets)
        {
            var incoming = new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["topic"] = acs.EventGridTopic,
                ["subject"] = subject,
                ["data"] = data.DeepClone(),
                ["eventType"] = "Microsoft.Communication.IncomingCall",
                ["dataVersion"] = "1.0",
                ["metadataVersion"] = "1",
                ["eventTime"] = Now(),
            };
            for (var attempt = 1; attempt <= options.MaxDeliveryAttempts; attempt++)
            {
                try
                {
                    using var response = await PostAsync(endpoint, name, "Notification", incoming, cancellationToken).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        delivered++;
                        break;
                    }

                    Log.DeliveryFailed(logger, name, attempt, $"HTTP {(int)response.StatusCode}");
                }
                catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    Log.DeliveryFailed(logger, name, attempt, exception.Message);
                }
            }
        }

        return delivered;
    }

    public int SubscriptionCount
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    private async Task<HttpResponseMessage> PostAsync(Uri endpoint, string name, string eventType, JsonObject item, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.DeliveryTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(new JsonArray(item).ToJsonString(), Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("aeg-event-type", eventType);
        request.Headers.TryAddWithoutValidation("aeg-subscription-name", name.ToUpperInvariant());
        request.Headers.TryAddWithoutValidation("aeg-delivery-count", "0");
        request.Headers.TryAddWithoutValidation("aeg-data-version", (string?)item["dataVersion"]);
        request.Headers.TryAddWithoutValidation("aeg-metadata-version", "1");
        return await deliveryClient.SendAsync(request, timeout.Token).ConfigureAwait(false);
    }

    private string Now() => time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private static partial class Log
    {
        [LoggerMessage(EventId = EmulatorEventIds.AcsEventGridSubscribed, EventName = nameof(EmulatorEventIds.AcsEventGridSubscribed), Level = LogLevel.Information, Message = "Event Grid subscription {Name} validated")]
        public static partial void Subscribed(ILogger logger, string name);

        [LoggerMessage(EventId = EmulatorEventIds.AcsEventGridDeliveryFailed, EventName = nameof(EmulatorEventIds.AcsEventGridDeliveryFailed), Level = LogLevel.Warning, Message = "IncomingCall delivery to Event Grid subscription {Name} failed on attempt {Attempt}: {Reason}")]
        public static partial void DeliveryFailed(ILogger logger, string name, int attempt, string reason);
    }
}
