namespace CallingBot.AspNetCore.Api.Errors;

/// <summary>The status, title and <c>type</c> of a ProblemDetails answer; the <c>detail</c> comes with each failure.</summary>
internal sealed record ApiProblem(int Status, string Title, string Type);
