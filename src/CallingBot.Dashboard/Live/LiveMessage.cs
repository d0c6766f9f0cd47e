namespace CallingBot.Dashboard.Live;

/// <summary>One server-sent event: its type and its JSON data (one line).</summary>
internal sealed record LiveMessage(string Event, string Data);
