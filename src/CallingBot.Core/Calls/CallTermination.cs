namespace CallingBot.Core.Calls;

/// <summary>Why a call ended, as reported by the calling service (resultInfo) or decided by the bot.</summary>
public sealed record CallTermination(int Code, int Subcode, string? Message)
{
    public static CallTermination Normal { get; } = new(200, 0, "The call ended normally.");

    public static CallTermination HandlerFailed { get; } = new(500, 1, "The call handler failed; the bot hung up.");

    public static CallTermination BotShutdown { get; } = new(503, 1, "The bot is shutting down.");
}
