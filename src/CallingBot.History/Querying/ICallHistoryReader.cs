using CallingBot.History.Records;

namespace CallingBot.History.Querying;

/// <summary>Reads the stored history (the REST API's source). Throws <see cref="CallHistoryUnavailableException"/> when the store cannot be reached.</summary>
public interface ICallHistoryReader
{
    Task<CallHistoryPage> QueryAsync(CallHistoryQuery query, CancellationToken cancellationToken);

    Task<CallHistoryEntry?> GetAsync(string callId, CancellationToken cancellationToken);
}
