namespace CallingBot.Graph.Media;

/// <summary>Gives the public base URL (wss) of the bot's media WebSocket endpoint.</summary>
public interface IMediaEndpointResolver
{
    /// <summary>For example <c>wss://bot.contoso.com/</c>; throws when none is configured.</summary>
    Uri GetPublicBaseUrl();
}
