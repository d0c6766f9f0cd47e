namespace CallingBot.Dashboard.Timeline;

/// <summary>What the call manager says of a live call: who handles it and how.</summary>
internal sealed record CallDescription(string Direction, string Handler, string Media, string State);
