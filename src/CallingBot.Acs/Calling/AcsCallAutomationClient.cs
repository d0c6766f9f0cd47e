using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallingBot.Acs.Configuration;
using CallingBot.Acs.Diagnostics;
using CallingBot.Acs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallingBot.Acs.Calling;

/// <summary>
/// A small client of the ACS Call Automation REST API over an <see cref="HttpClient"/> whose pipeline signs requests
/// (<see cref="Signing.AcsHmacAuthenticationHandler"/>). Retries 408, 429, 5xx and transport failures a bounded number
/// of times, honouring Retry-After; Create Call is sent with repeatability headers that stay the same on every
/// attempt, so the service runs it once however many times it arrives.
/// </summary>
public sealed partial class AcsCallAutomationClient
{
    /// <summary>Name of the HttpClient registered by <see cref="AcsServiceCollectionExtensions.AddAcsCalling"/>.</summary>
    public const string HttpClientName = "CallingBot.Acs";

    public const string RepeatabilityRequestIdHeader = "Repeatability-Request-ID";

    public const string RepeatabilityFirstSentHeader = "Repeatability-First-Sent";

    private readonly HttpClient _http;
    private readonly AcsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Uri _endpoint;

    public AcsCallAutomationClient(HttpClient httpClient, IOptions<AcsOptions> options, TimeProvider timeProvider, ILogger<AcsCallAutomationClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _http = httpClient;
        _options = options.Value;
        _time = timeProvider;
        _logger = logger;
        var endpoint = _options.ResolveEndpoint() ?? throw new InvalidOperationException($"{AcsOptions.SectionName}:Endpoint is not set.");
        _endpoint = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
    }

    /// <summary>Creates an outbound call (<c>POST /calling/callConnections</c>) and returns the 201 body.</summary>
    public async Task<CallConnectionProperties> CreateCallAsync(CreateCallRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = BuildUri("calling/callConnections");
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AcsJsonContext.Default.CreateCallRequest);

        using var response = await SendRepeatableAsync(uri, body, "CreateCall", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created && response.StatusCode != HttpStatusCode.OK)
        {
            throw await CreateExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var properties = await response.Content.ReadFromJsonAsync(AcsJsonContext.Default.CallConnectionProperties, cancellationToken).ConfigureAwait(false)
            ?? throw new AcsRequestException(response.StatusCode, null, "The service returned an empty Create Call response.", null);
        Log.CallCreated(_logger, properties.CallConnectionId, properties.CallConnectionState);
        return properties;
    }

    /// <summary>
    /// Answers an incoming call (<c>POST /calling/callConnections:answer</c>) with the <c>incomingCallContext</c> of its
    /// IncomingCall event; returns the new call connection's <c>callConnectionId</c> and <c>serverCallId</c>.
    /// </summary>
    public async Task<(string CallConnectionId, string? ServerCallId)> AnswerAsync(JsonObject request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var response = await SendRepeatableAsync(BuildUri("calling/callConnections:answer"), System.Text.Encoding.UTF8.GetBytes(request.ToJsonString()), "Answer", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await CreateExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        string? connectionId = null;
        string? serverCallId = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                connectionId = document.RootElement.TryGetProperty("callConnectionId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
                serverCallId = document.RootElement.TryGetProperty("serverCallId", out var server) && server.ValueKind == JsonValueKind.String ? server.GetString() : null;
            }
        }
        catch (JsonException)
        {
        }

        if (string.IsNullOrEmpty(connectionId))
        {
            throw new AcsRequestException(response.StatusCode, null, "The service's Answer response carries no callConnectionId.", null);
        }

        Log.Answered(_logger, connectionId);
        return (connectionId, serverCallId);
    }

    /// <summary>
    /// Sends a Call Automation action (<paramref name="path"/> under the endpoint, e.g.
    /// <c>calling/callConnections/{id}:play</c>) with repeatability headers; success is any 2xx.
    /// </summary>
    public async Task PostActionAsync(string path, JsonObject request, string operation, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(request);
        using var response = await SendRepeatableAsync(BuildUri(path), System.Text.Encoding.UTF8.GetBytes(request.ToJsonString()), operation, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await CreateExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        }

        Log.ActionAccepted(_logger, operation, (int)response.StatusCode);
    }

    /// <summary>
    /// POSTs <paramref name="body"/> with <c>Repeatability-Request-ID</c> and <c>Repeatability-First-Sent</c>, chosen
    /// once: every retry carries the same two values, so the service runs the request once however often it arrives.
    /// </summary>
    private Task<HttpResponseMessage> SendRepeatableAsync(Uri uri, byte[] body, string operation, CancellationToken cancellationToken)
    {
        var requestId = Guid.NewGuid().ToString();
        var firstSent = _time.GetUtcNow().UtcDateTime.ToString("R", CultureInfo.InvariantCulture);
        return SendAsync(
            () =>
            {
                var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
                message.Content.Headers.ContentType = new("application/json");
                message.Headers.TryAddWithoutValidation(RepeatabilityRequestIdHeader, requestId);
                message.Headers.TryAddWithoutValidation(RepeatabilityFirstSentHeader, firstSent);
                return message;
            },
            operation,
            cancellationToken);
    }

    /// <summary>
    /// Hangs up (<c>DELETE /calling/callConnections/{id}</c>, 204). A 404 on a retry counts as success: the attempt
    /// whose response was lost already removed the call.
    /// </summary>
    public async Task HangUpAsync(string callConnectionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callConnectionId);
        var uri = BuildUri("calling/callConnections/" + Uri.EscapeDataString(callConnectionId));
        var attempts = 0;
        using var response = await SendAsync(
            () =>
            {
                attempts++;
                return new HttpRequestMessage(HttpMethod.Delete, uri);
            },
            "HangUp",
            cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode || (response.StatusCode == HttpStatusCode.NotFound && attempts > 1))
        {
            Log.HungUp(_logger, callConnectionId);
            return;
        }

        throw await CreateExceptionAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private Uri BuildUri(string path) =>
        new(_endpoint, $"{path}?api-version={Uri.EscapeDataString(_options.ApiVersion)}");

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, string operation, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var canRetry = attempt < _options.MaxRetries;
            using var request = createRequest();
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException exception) when (canRetry)
            {
                var delay = Backoff(attempt);
                Log.RetryingAfterFailure(_logger, operation, attempt + 1, exception.Message, delay);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException exception) when (canRetry && !cancellationToken.IsCancellationRequested)
            {
                // HttpClient's own timeout, not the caller's cancellation.
                var delay = Backoff(attempt);
                Log.RetryingAfterFailure(_logger, operation, attempt + 1, exception.Message, delay);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!canRetry || !IsTransient(response.StatusCode))
            {
                return response;
            }

            var wait = RetryAfter(response) ?? Backoff(attempt);
            Log.RetryingAfterStatus(_logger, operation, attempt + 1, (int)response.StatusCode, wait);
            response.Dispose();
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private TimeSpan Backoff(int attempt)
    {
        var delay = _options.RetryDelay * Math.Pow(2, Math.Min(attempt, 16));
        return delay > _options.MaxRetryDelay ? _options.MaxRetryDelay : delay;
    }

    /// <summary>Retry-After as seconds or an HTTP date, or Azure's retry-after-ms; capped at MaxRetryDelay.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        TimeSpan? wait = null;
        if (response.Headers.TryGetValues("retry-after-ms", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            wait = TimeSpan.FromMilliseconds(milliseconds);
        }
        else if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            wait = delta;
        }
        else if (response.Headers.RetryAfter?.Date is { } date)
        {
            wait = date - _time.GetUtcNow();
        }

        if (wait is null)
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > _options.MaxRetryDelay ? _options.MaxRetryDelay : wait;
    }

    private static async Task<AcsRequestException> CreateExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        CommunicationError? error = null;
        try
        {
            var body = await response.Content.ReadFromJsonAsync(AcsJsonContext.Default.CommunicationErrorResponse, cancellationToken).ConfigureAwait(false);
            error = body?.Error;
        }
        catch (JsonException)
        {
        }

        return new AcsRequestException(response.StatusCode, error?.Code, error?.Message, error?.Target);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AcsEventIds.CallCreated, EventName = nameof(AcsEventIds.CallCreated), Level = LogLevel.Information, Message = "ACS created call connection {CallConnectionId} ({State})")]
        public static partial void CallCreated(ILogger logger, string? callConnectionId, string? state);

        [LoggerMessage(EventId = AcsEventIds.Answered, EventName = nameof(AcsEventIds.Answered), Level = LogLevel.Information, Message = "ACS answered the incoming call as call connection {CallConnectionId}")]
        public static partial void Answered(ILogger logger, string? callConnectionId);

        [LoggerMessage(EventId = AcsEventIds.ActionAccepted, EventName = nameof(AcsEventIds.ActionAccepted), Level = LogLevel.Debug, Message = "ACS accepted {Operation} ({Status})")]
        public static partial void ActionAccepted(ILogger logger, string operation, int status);

        [LoggerMessage(EventId = AcsEventIds.HungUp, EventName = nameof(AcsEventIds.HungUp), Level = LogLevel.Information, Message = "ACS hung up call connection {CallConnectionId}")]
        public static partial void HungUp(ILogger logger, string callConnectionId);

        [LoggerMessage(EventId = AcsEventIds.RetryingAfterStatus, EventName = nameof(AcsEventIds.RetryingAfterStatus), Level = LogLevel.Warning, Message = "ACS {Operation} attempt {Attempt} answered {Status}; retrying in {Delay}")]
        public static partial void RetryingAfterStatus(ILogger logger, string operation, int attempt, int status, TimeSpan delay);

        [LoggerMessage(EventId = AcsEventIds.RetryingAfterFailure, EventName = nameof(AcsEventIds.RetryingAfterFailure), Level = LogLevel.Warning, Message = "ACS {Operation} attempt {Attempt} failed ({Reason}); retrying in {Delay}")]
        public static partial void RetryingAfterFailure(ILogger logger, string operation, int attempt, string reason, TimeSpan delay);
    }
}
