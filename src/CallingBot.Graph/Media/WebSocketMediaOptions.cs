namespace CallingBot.Graph.Media;

/// <summary>App-hosted media over the media streaming WebSocket (configuration section <c>CallingBot:Media</c>).</summary>
public sealed class WebSocketMediaOptions
{
    public const string SectionName = "CallingBot:Media";

    /// <summary>
    /// The public base URL the calling service connects to, for example <c>wss://bot.contoso.com</c> (an https URL is
    /// turned into wss). Required in real mode for app-hosted calls; local mode derives it from the bound address.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>Ask for video as well as audio. Default false.</summary>
    public bool Video { get; set; }

    /// <summary>Announce in the blob that the bot accepts unmixed audio (one stream per participant). Default true.</summary>
    public bool Unmixed { get; set; } = true;
}
