namespace CallingBot.Core.Calls;

/// <summary>Why a call ended, as reported by the calling service (resultInfo) or decided by the bot.</summary>
public sealed record CallTermination(int Code, int Subcode, string? Message)
{
    public static CallTermination Normal { get; } = new(200, 0, "The call ended normally.");

    public static CallTermination HandlerFailed { get; } = new(500, 1, "The call handler failed; the bot hung up.");

    public static CallTermination BotShutdown { get; } = new(503, 1, "The bot is shutting down.");

    /// <summary>The service refused the answer, reject or redirect as final (it does not know the call, or the call is not the bot's).</summary>
    public static CallTermination RefusedByService { get; } = new(410, 1, "The calling service refused the decision on this call as final; the bot dropped the call.");

    /// <summary>An incoming call neither established nor ended within the service's answer deadline and the bot's margin.</summary>
    public static CallTermination NotEstablishedInTime { get; } = new(408, 1, "The call was neither established nor ended in time; the bot dropped it.");

    /// <summary>The bot lost the call's handler (a restart, a lost instance) and hung the call up instead of continuing it.</summary>
    public static CallTermination NotTakenOver { get; } = new(503, 2, "The bot lost the call's handler and hung the call up instead of taking it over.");

    /// <summary>
    /// This instance of the bot let the call go while stopping, without ending it: another instance of the service
    /// takes it over (<see cref="AdoptionReason.HandedOver"/>). The call itself goes on.
    /// </summary>
    public static CallTermination HandedOver { get; } = new(503, 3, "This instance of the bot handed the call over to another instance while stopping; the call goes on there.");
}
