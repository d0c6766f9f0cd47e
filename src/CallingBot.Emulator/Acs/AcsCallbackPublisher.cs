using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Acs;

/// <summary>
/// Posts CloudEvents (a JSON array with one event) to a call's callbackUri, in order per call, retrying failed
/// deliveries as the Graph notifications do. Deliveries still running when the emulator stops are cancelled.
/// </summary>
internal sealed partial class AcsCallbackPublisher(HttpClient deliveryClient, EmulatorOptions options, TimeProvider time, AcsCallbackTokens tokens, ILogger<AcsCallbackPublisher> logger, CancellationToken stopping)
{
    /// <summary>
    /// Posts <c>Microsoft.Communication.{eventName}</c> for <paramref name="call"/>. <paramref name="extra"/> adds data
    /// properties (an action's <c>operationContext</c> replaces the call's).
    /// </summary>
    public void Publish(AcsCallConnection call, string eventName, JsonObject? resultInformation = null, JsonObject? extra = null)
    {
        var type = "Microsoft.Communication." + eventName;
        var data = new JsonObject
        {
            ["callConnectionId"] = call.Id,
            ["serverCallId"] = call.ServerCallId,
            ["correlationId"] = call.CorrelationId,
        };
        if (call.OperationContext is { } context)
        {
            data["operationContext"] = context;
        }

        if (resultInformation is not null)
        {
            data["resultInformation"] = resultInformation.DeepClone();
        }

        if (extra is not null)
        {
            foreach (var (name, value) in extra)
            {
                data[name] = value?.DeepClone();
            }
        }

        var subject = $"calling/callConnections/{call.Id}";
        var cloudEvent = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["source"] = subject,
            ["type"] = type,
            ["data"] = data,
            ["time"] = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["specversion"] = "1.0",
            ["datacontenttype"] = "application/json",
            ["subject"] = subject,
        };
        var body = new JsonArray(cloudEvent).ToJsonString();
        lock (call)
        {
            call.DeliveryTail = DeliverAfterAsync(call.DeliveryTail, call, type, body);
        }
    }

    private async Task DeliverAfterAsync(Task previous, AcsCallConnection call, string type, string body)
    {
        await previous.ConfigureAwait(false);
        var token = stopping;
        var delay = options.DeliveryRetryDelay;
        for (var attempt = 1; attempt <= options.MaxDeliveryAttempts && !token.IsCancellationRequested; attempt++)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(options.DeliveryTimeout);
                using var content = new StringContent(body, Encoding.UTF8);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(call.CallbackUri)) { Content = content };

                // Like Call Automation: a fresh signed JWT on every callback, audience the resource id.
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue());
                using var response = await deliveryClient.SendAsync(request, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    lock (call.DeliveredEvents)
                    {
                        call.DeliveredEvents.Add(type);
                    }

                    Log.Delivered(logger, type, call.Id, (int)response.StatusCode);
                    return;
                }

                Log.Failed(logger, type, call.Id, attempt, $"HTTP {(int)response.StatusCode}");
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or ObjectDisposedException)
            {
                Log.Failed(logger, type, call.Id, attempt, exception.Message);
            }

            if (attempt < options.MaxDeliveryAttempts)
            {
                try
                {
                    await Task.Delay(delay, time, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay *= 2;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EmulatorEventIds.AcsEventDelivered, EventName = nameof(EmulatorEventIds.AcsEventDelivered), Level = LogLevel.Debug, Message = "Delivered {Type} for ACS call {CallConnectionId} ({Status})")]
        public static partial void Delivered(ILogger logger, string type, string callConnectionId, int status);

        [LoggerMessage(EventId = EmulatorEventIds.AcsEventDeliveryFailed, EventName = nameof(EmulatorEventIds.AcsEventDeliveryFailed), Level = LogLevel.Warning, Message = "Delivery of {Type} for ACS call {CallConnectionId} failed on attempt {Attempt}: {Reason}")]
        public static partial void Failed(ILogger logger, string type, string callConnectionId, int attempt, string reason);
    }
}
