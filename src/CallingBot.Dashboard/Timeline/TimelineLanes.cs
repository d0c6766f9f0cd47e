namespace CallingBot.Dashboard.Timeline;

/// <summary>The lanes of a call's sequence diagram, left to right.</summary>
public static class TimelineLanes
{
    /// <summary>The calling service (Graph) and the caller behind it: where notifications come from.</summary>
    public const string Caller = "caller";

    /// <summary>The bot's calling webhook.</summary>
    public const string Callback = "callback";

    /// <summary>The call manager and the call's handler: routing decisions, events, verbs.</summary>
    public const string Handler = "handler";

    /// <summary>The calls API the bot sends requests to.</summary>
    public const string Graph = "graph";

    /// <summary>The call's app-hosted media.</summary>
    public const string Media = "media";

    public static IReadOnlyList<string> All { get; } = [Caller, Callback, Handler, Graph, Media];
}
