using System.Net;
using CallingBot.Graph.Configuration;
using CallingBot.Graph.Diagnostics;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace CallingBot.Graph.Resilience;

/// <summary>
/// The strategies around each request to the calls API, outermost first: a time budget (<see cref="GraphResilienceOptions.TotalTimeout"/>,
/// <see cref="GraphResilienceOptions.HangUpTimeout"/> for hang-ups), retries with exponential backoff and jitter that
/// honour <c>Retry-After</c>, and a circuit breaker around every attempt.
/// </summary>
/// <remarks>
/// 429 and 503 mean the service did not process the request, so every request is retried. 500, 502, 504 and lost
/// connections leave it unclear whether it was done, so only requests that are safe to repeat are retried
/// (<see cref="GraphRequestKind.IsSafeToRepeatAsync"/>).
/// </remarks>
internal static partial class GraphResiliencePipeline
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, GraphResilienceOptions options, GraphResilienceMetrics metrics, ILogger logger, TimeProvider time)
    {
        builder.TimeProvider = time;
        if (!options.Enabled)
        {
            return;
        }

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = args => ValueTask.FromResult(GraphRequestKind.IsHangUp(args.Context.GetRequestMessage()) ? options.HangUpTimeout : options.TotalTimeout),
        });
        builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = Math.Max(1, Math.Max(options.MaxRetryAttempts, options.HangUpMaxRetryAttempts)),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.AttemptNumber, args.Context, options, time),
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time)),
            OnRetry = args =>
            {
                var request = args.Context.GetRequestMessage();
                var operation = GraphRequestKind.Operation(request);
                var cause = args.Outcome.Result is { } response ? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : "error";
                metrics.Retries.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("cause", cause));
                Log.Retrying(logger, operation, cause, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakDuration,
            OnOpened = args =>
            {
                metrics.OnBreaker(1, "open");
                Log.CircuitOpened(logger, args.BreakDuration.TotalSeconds);
                return ValueTask.CompletedTask;
            },
            OnHalfOpened = _ =>
            {
                metrics.OnBreaker(2, "half-open");
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                metrics.OnBreaker(0, "closed");
                Log.CircuitClosed(logger);
                return ValueTask.CompletedTask;
            },
        });
    }

    private static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, int attemptNumber, ResilienceContext context, GraphResilienceOptions options, TimeProvider time)
    {
        var request = context.GetRequestMessage();
        var limit = GraphRequestKind.IsHangUp(request) ? options.HangUpMaxRetryAttempts : options.MaxRetryAttempts;
        if (attemptNumber >= limit)
        {
            return false;
        }

        switch (outcome)
        {
            case { Result: { } response }:
                var status = (int)response.StatusCode;
                if (status is 429 or 503)
                {
                    return RetryAfter(response, time) is not { } wait || wait <= options.MaxRetryAfter;
                }

                return status is 500 or 502 or 504 && await GraphRequestKind.IsSafeToRepeatAsync(request, context.CancellationToken).ConfigureAwait(false);
            case { Exception: HttpRequestException or TimeoutRejectedException }:
                return await GraphRequestKind.IsSafeToRepeatAsync(request, context.CancellationToken).ConfigureAwait(false);
            case { Exception: BrokenCircuitException }:
            default:
                return false;
        }
    }

    /// <summary>The wait a 429 or 503 response asks for, or null to use the backoff.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        if (response is null || response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = GraphEventIds.GraphRetry, EventName = nameof(GraphEventIds.GraphRetry), Level = LogLevel.Information, Message = "Graph {Operation} got {Cause}; sending attempt {Attempt} in {DelayMs} ms")]
        public static partial void Retrying(ILogger logger, string operation, string cause, int attempt, double delayMs);

        [LoggerMessage(EventId = GraphEventIds.CircuitOpened, EventName = nameof(GraphEventIds.CircuitOpened), Level = LogLevel.Warning, Message = "Requests to the calling service failed repeatedly; pausing them for {Seconds} s (circuit open)")]
        public static partial void CircuitOpened(ILogger logger, double seconds);

        [LoggerMessage(EventId = GraphEventIds.CircuitClosed, EventName = nameof(GraphEventIds.CircuitClosed), Level = LogLevel.Information, Message = "Requests to the calling service succeed again (circuit closed)")]
        public static partial void CircuitClosed(ILogger logger);
    }
}
