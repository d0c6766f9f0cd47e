namespace CallingBot.Core.Manager;

/// <summary>Where ended calls are recorded. Implementations must not throw into the caller and should be fast.</summary>
public interface ICallHistory
{
    void Record(CallRecord record);

    IReadOnlyList<CallRecord> Recent(int count);
}
