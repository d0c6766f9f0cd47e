namespace CallingBot.History.Records;

/// <summary>A party of a call as stored: its kind (<c>user</c>, <c>phone</c>, <c>application</c>, <c>applicationInstance</c>, <c>guest</c>) and its id and name after masking.</summary>
public sealed record CallHistoryParty(string Kind, string Id, string? DisplayName);
