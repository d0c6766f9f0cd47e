using CallingBot.Core.Manager;
using CallingBot.History.Configuration;
using CallingBot.History.Diagnostics;
using CallingBot.History.Records;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallingBot.History.Writing;

/// <summary>
/// The call manager's <see cref="ICallHistory"/>: keeps the last ended calls of this process in memory, as before, for
/// <see cref="Recent"/>, and hands each record, masked, to the background writer. Never blocks and never throws into the call.
/// </summary>
internal sealed partial class CallHistory(
    CallHistoryEntryMapper mapper,
    CallHistoryWriter writer,
    HistoryMetrics metrics,
    IOptions<CallHistoryOptions> options,
    ILogger<CallHistory> logger) : ICallHistory
{
    private readonly int _capacity = options.Value.MemoryCapacity;
    private readonly Queue<CallRecord> _recent = new();
    private readonly Lock _gate = new();

    public void Record(CallRecord record)
    {
        if (record is null)
        {
            return;
        }

        lock (_gate)
        {
            _recent.Enqueue(record);
            while (_recent.Count > _capacity)
            {
                _recent.Dequeue();
            }
        }

        try
        {
            writer.Enqueue(mapper.ToEntry(record));
        }
        catch (Exception exception)
        {
            metrics.CountDropped(1, "invalid");
            Log.RecordFailed(logger, exception, record.CallId);
        }
    }

    public IReadOnlyList<CallRecord> Recent(int count)
    {
        lock (_gate)
        {
            return _recent.Reverse().Take(count).ToArray();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = HistoryEventIds.HistoryRecordFailed, EventName = nameof(HistoryEventIds.HistoryRecordFailed), Level = LogLevel.Error, Message = "The record of call {CallId} could not be prepared for the history; it is not stored")]
        public static partial void RecordFailed(ILogger logger, Exception exception, string callId);
    }
}
