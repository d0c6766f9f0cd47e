using CallingBot.Graph.Calling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallingBot.Graph.Media;

public static class WebSocketMediaServiceCollectionExtensions
{
    /// <summary>
    /// Registers app-hosted media over the media streaming WebSocket: options (validated at start), the session
    /// registry and the SDK media session factory. The host serves the WebSocket endpoint.
    /// </summary>
    public static IServiceCollection AddWebSocketMediaSessions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<WebSocketMediaOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebSocketMediaOptions>, WebSocketMediaOptionsValidator>());
        services.TryAddSingleton<MediaSessionRegistry>();
        services.TryAddSingleton<IMediaEndpointResolver, ConfiguredMediaEndpointResolver>();
        services.TryAddSingleton<IMediaSessionFactory, WebSocketMediaSessionFactory>();
        return services;
    }
}
