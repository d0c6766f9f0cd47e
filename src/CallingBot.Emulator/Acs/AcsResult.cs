namespace CallingBot.Emulator.Acs;

/// <summary>A response to write: status and JSON body (null for no body). Kept whole so repeated requests get it again.</summary>
internal sealed record AcsResult(int Status, string? Body, string? Location = null);
