namespace CallingBot.Emulator.Notifications;

/// <summary>How a notification delivery ended: the last status (0 when no response came), the HTTP attempts made and the bot's response body when one was asked for.</summary>
internal readonly record struct DeliveryResult(int Status, int Attempts, string? ResponseBody);
