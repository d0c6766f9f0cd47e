namespace CallingBot.AspNetCore.Api.Contracts;

/// <summary>The outcome of an operation on a call.</summary>
internal sealed class OperationModel
{
    public string CallId { get; set; } = string.Empty;

    /// <summary><c>hangUp</c>, <c>transfer</c>, <c>playPrompt</c>, <c>sendDtmf</c> or <c>invite</c>.</summary>
    public string Operation { get; set; } = string.Empty;

    /// <summary><c>accepted</c> (the calling service took the request; the call changes later) or <c>completed</c>.</summary>
    public string Status { get; set; } = string.Empty;
}
