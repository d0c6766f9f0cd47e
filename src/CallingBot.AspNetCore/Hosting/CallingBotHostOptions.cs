namespace CallingBot.AspNetCore.Hosting;

/// <summary>Top-level host settings (configuration section <c>CallingBot</c>).</summary>
internal sealed class CallingBotHostOptions
{
    public const string SectionName = "CallingBot";

    /// <summary>
    /// What shutdown needs beyond the drain: about 2 s for the handlers of calls dropped at its end, then stopping the
    /// web server, the cluster silo and, in local mode, the emulator. Fixed.
    /// </summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    /// <summary>Auto (default), Local or Real.</summary>
    public HostMode Mode { get; set; } = HostMode.Auto;

    /// <summary>How long shutdown waits for active calls to end before hanging them up. Default 30 s.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After <see cref="DrainTimeout"/>, how long shutdown waits for the service to confirm the hang-ups (its
    /// notification that each call ended); calls still held then are dropped without further requests. Default 10 s.
    /// </summary>
    public TimeSpan DrainHangUpTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest a shutdown takes: <see cref="DrainTimeout"/> + <see cref="DrainHangUpTimeout"/> + <see cref="ShutdownGrace"/>
    /// (45 s by default). The host's shutdown timeout is set to it.
    /// </summary>
    public TimeSpan ShutdownTimeout => DrainTimeout + DrainHangUpTimeout + ShutdownGrace;

    /// <summary>Returns one message per invalid setting, naming it.</summary>
    public IEnumerable<string> Validate()
    {
        if (DrainTimeout < TimeSpan.Zero || DrainTimeout > TimeSpan.FromHours(1))
        {
            yield return $"{SectionName}:{nameof(DrainTimeout)} must be between 0 and 1 hour (got {DrainTimeout}).";
        }

        if (DrainHangUpTimeout < TimeSpan.FromSeconds(1) || DrainHangUpTimeout > TimeSpan.FromMinutes(5))
        {
            yield return $"{SectionName}:{nameof(DrainHangUpTimeout)} must be between 1 second and 5 minutes (got {DrainHangUpTimeout}).";
        }
    }
}
