namespace CallingBot.AspNetCore.Api.Contracts;

/// <summary>The live calls of every instance of the service, oldest first.</summary>
internal sealed class CallListModel
{
    public int Count { get; set; }

    public IReadOnlyList<CallSummaryModel> Calls { get; set; } = [];

    /// <summary>Instances that did not answer in time: their calls are missing from <see cref="Calls"/>.</summary>
    public IReadOnlyList<string> UnavailableInstances { get; set; } = [];
}
