namespace CallingBot.Core.Manager;

/// <summary>Settings of the call manager (configuration section <c>CallingBot:Calls</c>).</summary>
public sealed class CallManagerOptions
{
    public const string SectionName = "CallingBot:Calls";

    /// <summary>
    /// How long the router may take to decide on an incoming call before the default action applies.
    /// Default 10 s, leaving margin within the service's 15 s deadline.
    /// </summary>
    public TimeSpan DecisionBudget { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The same budget for policy-based recording invitations, whose service deadline is 5 s. Default 3 s.</summary>
    public TimeSpan PolicyRecordingDecisionBudget { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>What happens to an incoming call when the router fails or runs out of budget. Default: reject as busy.</summary>
    public UndecidedCallAction UndecidedCallAction { get; set; } = UndecidedCallAction.RejectBusy;

    /// <summary>Interval of keepAlive requests on established calls; the service ends calls silent for 45 minutes. Default 30 min.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How many recent events each call keeps for inspection. Default 50.</summary>
    public int RecentEventLimit { get; set; } = 50;

    /// <summary>Most calls held at once; further incoming calls are rejected as busy. Default 20,000.</summary>
    public int MaxConcurrentCalls { get; set; } = 20_000;

    /// <summary>Upper bound for a single operation issued on behalf of the bot itself (hang-up after a failure, keepAlive). Default 30 s.</summary>
    public TimeSpan HousekeepingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long beyond the service's answer deadline (15 s; 5 s for policy-based recording) an incoming call may stay
    /// neither established nor ended before the bot drops it: removes it, terminates and disposes its handler and
    /// records it in the history as not established in time. Such calls are forged or orphaned (the service dropped
    /// them, or never knew them) and would otherwise hold capacity until shutdown. Default 15 s.
    /// </summary>
    public TimeSpan UnestablishedCallMargin { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the bot looks for incoming calls past that deadline. Default 5 s.</summary>
    public TimeSpan ReapInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a handler's <c>OnTerminatedAsync</c> may run. Its token is cancelled at this bound, and the call is then
    /// removed (handler disposed, history recorded) without waiting further. Default 10 s.
    /// </summary>
    public TimeSpan HandlerTerminationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Returns one message per invalid setting, naming it.</summary>
    public IEnumerable<string> Validate()
    {
        if (DecisionBudget <= TimeSpan.Zero || DecisionBudget >= TimeSpan.FromSeconds(15))
        {
            yield return $"{SectionName}:{nameof(DecisionBudget)} must be greater than 0 and below 15 seconds (got {DecisionBudget}).";
        }

        if (PolicyRecordingDecisionBudget <= TimeSpan.Zero || PolicyRecordingDecisionBudget >= TimeSpan.FromSeconds(5))
        {
            yield return $"{SectionName}:{nameof(PolicyRecordingDecisionBudget)} must be greater than 0 and below 5 seconds (got {PolicyRecordingDecisionBudget}).";
        }

        if (KeepAliveInterval < TimeSpan.FromSeconds(1) || KeepAliveInterval >= TimeSpan.FromMinutes(45))
        {
            yield return $"{SectionName}:{nameof(KeepAliveInterval)} must be between 1 second and 45 minutes (got {KeepAliveInterval}).";
        }

        if (RecentEventLimit is < 1 or > 10_000)
        {
            yield return $"{SectionName}:{nameof(RecentEventLimit)} must be between 1 and 10000 (got {RecentEventLimit}).";
        }

        if (MaxConcurrentCalls < 1)
        {
            yield return $"{SectionName}:{nameof(MaxConcurrentCalls)} must be at least 1 (got {MaxConcurrentCalls}).";
        }

        if (HousekeepingTimeout <= TimeSpan.Zero)
        {
            yield return $"{SectionName}:{nameof(HousekeepingTimeout)} must be positive (got {HousekeepingTimeout}).";
        }

        if (UnestablishedCallMargin < TimeSpan.FromSeconds(1) || UnestablishedCallMargin > TimeSpan.FromMinutes(10))
        {
            yield return $"{SectionName}:{nameof(UnestablishedCallMargin)} must be between 1 second and 10 minutes (got {UnestablishedCallMargin}).";
        }

        if (ReapInterval < TimeSpan.FromMilliseconds(100) || ReapInterval > TimeSpan.FromMinutes(5))
        {
            yield return $"{SectionName}:{nameof(ReapInterval)} must be between 100 milliseconds and 5 minutes (got {ReapInterval}).";
        }

        if (HandlerTerminationTimeout < TimeSpan.FromMilliseconds(100) || HandlerTerminationTimeout > TimeSpan.FromMinutes(5))
        {
            yield return $"{SectionName}:{nameof(HandlerTerminationTimeout)} must be between 100 milliseconds and 5 minutes (got {HandlerTerminationTimeout}).";
        }
    }
}
