namespace CallingBot.Media.Sessions;

/// <summary>Limits of the media WebSocket endpoint (configuration section <c>CallingBot:Media:Endpoint</c>).</summary>
public sealed class MediaEndpointOptions
{
    public const string SectionName = "CallingBot:Media:Endpoint";

    /// <summary>Largest binary (video) message accepted, header included. Default 4 MiB (a 1080p NV12 frame is 3 MiB).</summary>
    public int MaxVideoMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>WebSocket keep-alive ping interval. Default 15 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long closing a call's socket may take before it is aborted. Default 2 s.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a connection to the session of a call the bot places may wait for that call's id (known once the
    /// service's <c>201 Created</c> is processed, which can come after the service connects). Default 10 s.
    /// </summary>
    public TimeSpan BindTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Inbound frames queued per call before the oldest is dropped. Default 50 (1 s).</summary>
    public int InboundQueueCapacity { get; set; } = 50;
}
