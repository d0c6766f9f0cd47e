using CallingBot.History.Diagnostics;
using CallingBot.History.Masking;
using CallingBot.History.Records;
using CallingBot.History.Storage;
using Microsoft.Extensions.Logging;

namespace CallingBot.History.Querying;

/// <summary>Reads the store for the REST API: filter values masked like stored ids, store failures counted and turned into <see cref="CallHistoryUnavailableException"/>.</summary>
internal sealed partial class CallHistoryReader(
    ICallHistoryStore store,
    SchemaGate schema,
    PartyMasker masker,
    HistoryMetrics metrics,
    ILogger<CallHistoryReader> logger) : ICallHistoryReader
{
    public Task<CallHistoryPage> QueryAsync(CallHistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var masked = query with
        {
            Caller = string.IsNullOrWhiteSpace(query.Caller) ? null : masker.MaskQuery(query.Caller),
            Callee = string.IsNullOrWhiteSpace(query.Callee) ? null : masker.MaskQuery(query.Callee),
        };
        return RunAsync(ct => store.QueryAsync(masked, ct), cancellationToken);
    }

    public Task<CallHistoryEntry?> GetAsync(string callId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        return RunAsync(ct => store.GetAsync(callId, ct), cancellationToken);
    }

    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            await schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
            return await read(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.CountFailure("query");
            Log.QueryFailed(logger, store.Name, exception.GetType().Name, exception.Message);
            throw new CallHistoryUnavailableException($"The call history store ({store.Name}) could not be read.", exception);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = HistoryEventIds.HistoryQueryFailed, EventName = nameof(HistoryEventIds.HistoryQueryFailed), Level = LogLevel.Warning, Message = "Reading the call history from {Store} failed ({ErrorType}: {Error}); the request is answered 503")]
        public static partial void QueryFailed(ILogger logger, string store, string errorType, string error);
    }
}
