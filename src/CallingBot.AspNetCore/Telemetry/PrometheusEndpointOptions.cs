namespace CallingBot.AspNetCore.Telemetry;

/// <summary>The Prometheus scrape endpoint <c>/metrics</c> (section <c>CallingBot:Telemetry:Prometheus</c>).</summary>
internal sealed class PrometheusEndpointOptions
{
    public const string Path = "/metrics";

    /// <summary>
    /// Serve <c>/metrics</c>. Default (empty): on in local mode, off in real mode, where an operator turns it on knowingly
    /// (it tells whoever reaches it how busy the bot is).
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// Protect <c>/metrics</c> like the REST API (an API key in local mode, an Entra token with the operator role in real
    /// mode). Default false: restrict it by network instead (bind, firewall, reverse proxy).
    /// </summary>
    public bool RequireApiAccess { get; set; }
}
