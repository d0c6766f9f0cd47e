namespace CallingBot.Dashboard.Configuration;

/// <summary>The operator dashboard at <c>/dashboard</c> (configuration section <c>CallingBot:Dashboard</c>).</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "CallingBot:Dashboard";

    /// <summary>Serve the dashboard and record call timelines and charts. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Calls whose timelines are kept (live and ended); the oldest ended call makes room first. Default 500.</summary>
    public int MaxCalls { get; set; } = 500;

    /// <summary>Timeline entries kept per call; older entries are dropped (and counted) beyond it. Default 200.</summary>
    public int MaxEventsPerCall { get; set; } = 200;

    /// <summary>How long an ended call's timeline stays on the dashboard. Default 10 minutes.</summary>
    public TimeSpan EndedCallRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Minutes of charts kept in memory (one point per minute). Default 60.</summary>
    public int ChartMinutes { get; set; } = 60;

    /// <summary>Pages connected to the live stream at once; more get 503. Default 20.</summary>
    public int MaxConnections { get; set; } = 20;

    /// <summary>Messages queued per connection; when full the oldest is dropped and the page is told to resync. Default 256.</summary>
    public int ConnectionQueueCapacity { get; set; } = 256;

    /// <summary>Interval of the heartbeat comment on an idle live stream. Default 15 seconds.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A session cookie unused this long expires (sliding). Default 30 minutes.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Sign-in attempts accepted per client address in <see cref="SignInWindow"/>; beyond it 429. Default 10.</summary>
    public int SignInAttemptsPerWindow { get; set; } = 10;

    /// <summary>Window of <see cref="SignInAttemptsPerWindow"/>. Default 1 minute.</summary>
    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(1);
}
