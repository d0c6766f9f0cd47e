using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using CallingBot.Emulator.Diagnostics;
using CallingBot.Emulator.Identity;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Notifications;

/// <summary>
/// Delivers notifications to callback URIs: in order per call, with a signed bearer token, following 302/307
/// redirects and retrying 5xx/408/429/connection failures a bounded number of times with exponential backoff.
/// </summary>
/// <remarks>
/// Each call's <see cref="CallOutbox"/> is drained by one loop at a time, so one call's notifications go out in order
/// while calls do not wait for each other (a delayed or retried delivery holds back only its own call). Nothing is sent
/// before <see cref="Start"/>: outboxes posted earlier wait and are drained then. The dispatcher owns every drain it
/// starts, logs a drain that fails, and on <see cref="DisposeAsync"/> cancels them and waits for them to finish.
/// </remarks>
internal sealed partial class NotificationDispatcher : IAsyncDisposable
{
    private const int MaxRedirects = 5;

    /// <summary>The most of a bot's response body kept (participantJoiningNotification answers are a few hundred bytes).</summary>
    private const int MaxResponseBytes = 64 * 1024;
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _client;
    private readonly TokenService _tokens;
    private readonly EmulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _drains = new();
    private readonly ConcurrentQueue<CallOutbox> _posted = new();
    private volatile bool _started;

    public NotificationDispatcher(HttpClient client, TokenService tokens, EmulatorOptions options, TimeProvider time, ILogger<NotificationDispatcher> logger)
    {
        _client = client;
        _tokens = tokens;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public DeliveryStatistics Statistics { get; } = new();

    public bool IsStarted => _started;

    /// <summary>Begins delivering: drains the outboxes posted so far and every one posted from now on.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        _started = true;
        while (_posted.TryDequeue(out var outbox))
        {
            StartDrain(outbox);
        }
    }

    /// <summary>Says that <paramref name="outbox"/> has notifications to deliver. Never blocks and never sends on the caller's thread.</summary>
    public void Post(CallOutbox outbox)
    {
        if (!_started)
        {
            _posted.Enqueue(outbox);

            // Start may have run between the check and the enqueue: it would not see this outbox.
            if (!_started)
            {
                return;
            }

            while (_posted.TryDequeue(out var waiting))
            {
                StartDrain(waiting);
            }

            return;
        }

        StartDrain(outbox);
    }

    private void StartDrain(CallOutbox outbox)
    {
        if (_stopping.IsCancellationRequested || outbox.IsEmpty || !outbox.TryBeginDrain())
        {
            return;
        }

        var drain = Task.Run(() => DrainAsync(outbox));
        _drains.TryAdd(drain, 0);
        _ = drain.ContinueWith(t => _drains.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task DrainAsync(CallOutbox outbox)
    {
        try
        {
            while (!_stopping.IsCancellationRequested && outbox.TryTake(out var notification))
            {
                if (notification.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(notification.Delay, _time, _stopping.Token).ConfigureAwait(false);
                }

                var (status, attempts, responseBody) = await DeliverAsync(outbox, notification).ConfigureAwait(false);
                if (notification.Duplicate)
                {
                    var (_, more, _) = await DeliverAsync(outbox, notification).ConfigureAwait(false);
                    attempts += more;
                }

                var result = new DeliveryResult(status, attempts, responseBody);
                outbox.OnDelivered(notification, result);
                notification.OnResponse?.Invoke(result);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.DrainFailed(_logger, ex, outbox.CallId);
        }
        finally
        {
            outbox.EndDrain();
        }

        if (!outbox.IsEmpty)
        {
            StartDrain(outbox);
        }
    }

    private async Task<(int Status, int Attempts, string? ResponseBody)> DeliverAsync(CallOutbox outbox, OutgoingNotification notification)
    {
        var delay = _options.DeliveryRetryDelay;
        var status = 0;
        var attempts = 0;
        string? responseBody = null;
        for (var attempt = 1; attempt <= _options.MaxDeliveryAttempts; attempt++)
        {
            attempts = attempt;
            bool retry;
            (status, retry, responseBody) = await SendOnceAsync(outbox, notification).ConfigureAwait(false);
            if (!retry)
            {
                break;
            }

            if (attempt < _options.MaxDeliveryAttempts)
            {
                Log.DeliveryRetry(_logger, outbox.CallId, notification.Target, status, attempt);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _time, _stopping.Token).ConfigureAwait(false);
                }

                delay *= 2;
            }
        }

        var success = status is >= 200 and < 300;
        if (success)
        {
            Statistics.OnDelivered();
        }
        else
        {
            Statistics.OnFailed();
            Log.DeliveryFailed(_logger, outbox.CallId, notification.Target, status, attempts);
        }

        return (status, attempts, responseBody);
    }

    private async Task<(int Status, bool Retry, string? ResponseBody)> SendOnceAsync(CallOutbox outbox, OutgoingNotification notification)
    {
        var target = notification.Target;
        var token = _tokens.GetNotificationToken(notification.AppId, notification.TenantId);
        if (notification.Faults?.FailDelivery() == true)
        {
            Statistics.OnAttempt();
            Log.DeliveryFaultInjected(_logger, outbox.CallId, target);
            return (0, true, null);
        }

        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            Statistics.OnAttempt();
            using var request = new HttpRequestMessage(HttpMethod.Post, target);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.TryAddWithoutValidation("client-request-id", Guid.NewGuid().ToString());
            request.Headers.TryAddWithoutValidation("scenario-id", outbox.ScenarioId);
            request.Content = new ByteArrayContent(notification.Body);
            request.Content.Headers.ContentType = JsonContentType;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(_options.DeliveryTimeout);
            try
            {
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                var code = (int)response.StatusCode;
                if (response.StatusCode is HttpStatusCode.Found or HttpStatusCode.TemporaryRedirect or HttpStatusCode.MovedPermanently or HttpStatusCode.PermanentRedirect
                    && response.Headers.Location is { } location)
                {
                    target = location.IsAbsoluteUri ? location : new Uri(target, location);
                    Log.DeliveryRedirected(_logger, outbox.CallId, target);
                    continue;
                }

                var retry = code >= 500 || code == 408 || code == 429;
                var body = notification.OnResponse is not null && code is >= 200 and < 300
                    ? await ReadBoundedAsync(response.Content, timeout.Token).ConfigureAwait(false)
                    : null;
                return (code, retry, string.IsNullOrEmpty(body) ? null : body);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                Log.DeliveryError(_logger, outbox.CallId, target, ex.Message);
                return (0, true, null);
            }
        }

        return (310, false, null);
    }

    /// <summary>The response body as text, cut after <see cref="MaxResponseBytes"/> bytes.</summary>
    private static async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[MaxResponseBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_drains.Keys).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
        }

        _stopping.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EmulatorEventIds.DeliveryRetry, EventName = nameof(EmulatorEventIds.DeliveryRetry), Level = LogLevel.Information, Message = "Notification for call {CallId} to {Target} got {Status} on attempt {Attempt}; retrying")]
        public static partial void DeliveryRetry(ILogger logger, string callId, Uri target, int status, int attempt);

        [LoggerMessage(EventId = EmulatorEventIds.DeliveryFailed, EventName = nameof(EmulatorEventIds.DeliveryFailed), Level = LogLevel.Warning, Message = "Notification for call {CallId} to {Target} failed with {Status} after {Attempts} attempt(s)")]
        public static partial void DeliveryFailed(ILogger logger, string callId, Uri target, int status, int attempts);

        [LoggerMessage(EventId = EmulatorEventIds.DeliveryRedirected, EventName = nameof(EmulatorEventIds.DeliveryRedirected), Level = LogLevel.Debug, Message = "Notification for call {CallId} redirected to {Target}")]
        public static partial void DeliveryRedirected(ILogger logger, string callId, Uri target);

        [LoggerMessage(EventId = EmulatorEventIds.DeliveryError, EventName = nameof(EmulatorEventIds.DeliveryError), Level = LogLevel.Information, Message = "Notification for call {CallId} to {Target} could not be sent: {Reason}")]
        public static partial void DeliveryError(ILogger logger, string callId, Uri target, string reason);

        [LoggerMessage(EventId = EmulatorEventIds.DeliveryFaultInjected, EventName = nameof(EmulatorEventIds.DeliveryFaultInjected), Level = LogLevel.Information, Message = "Notification for call {CallId} to {Target}: delivery attempt failed by an injected fault")]
        public static partial void DeliveryFaultInjected(ILogger logger, string callId, Uri target);

        [LoggerMessage(EventId = EmulatorEventIds.DrainFailed, EventName = nameof(EmulatorEventIds.DrainFailed), Level = LogLevel.Error, Message = "Notification queue of call {CallId} stopped unexpectedly")]
        public static partial void DrainFailed(ILogger logger, Exception exception, string callId);
    }
}
