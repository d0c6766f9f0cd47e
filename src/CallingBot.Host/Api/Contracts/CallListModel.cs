namespace CallingBot.Host.Api.Contracts;

/// <summary>The calls this bot instance holds, oldest first.</summary>
public sealed class CallListModel
{
    public int Count { get; set; }

    public IReadOnlyList<CallSummaryModel> Calls { get; set; } = [];
}
