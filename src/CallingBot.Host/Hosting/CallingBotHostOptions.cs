namespace CallingBot.Host.Hosting;

/// <summary>Top-level host settings (configuration section <c>CallingBot</c>).</summary>
public sealed class CallingBotHostOptions
{
    public const string SectionName = "CallingBot";

    /// <summary>Auto (default), Local or Real.</summary>
    public HostMode Mode { get; set; } = HostMode.Auto;

    /// <summary>How long shutdown waits for active calls to end before hanging them up. Default 30 s.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
