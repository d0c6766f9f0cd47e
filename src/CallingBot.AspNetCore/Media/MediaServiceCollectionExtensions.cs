using CallingBot.Graph.Media;
using CallingBot.AspNetCore.Hosting;
using CallingBot.Media.Sessions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallingBot.AspNetCore.Media;

internal static class MediaServiceCollectionExtensions
{
    /// <summary>
    /// App-hosted media: SDK media sessions whose blob points at this host's <c>/media/{sessionId}</c> WebSocket
    /// endpoint, which hands accepted sockets to the media session registry. In local mode the public URL is the bot's
    /// own https listener.
    /// </summary>
    public static IServiceCollection AddCallingBotMedia(this IServiceCollection services, IConfiguration configuration, HostMode mode)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<WebSocketMediaOptions>(configuration.GetSection(WebSocketMediaOptions.SectionName));
        services.Configure<MediaEndpointOptions>(configuration.GetSection(MediaEndpointOptions.SectionName));
        if (mode == HostMode.Local)
        {
            services.TryAddSingleton<IMediaEndpointResolver, ServerMediaEndpointResolver>();
        }

        services.AddWebSocketMediaSessions();
        services.TryAddSingleton<MediaWebSocketEndpoint>();
        return services;
    }

    /// <summary>Enables WebSockets and maps the media endpoint.</summary>
    public static WebApplication MapCallingBotMedia(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWebSockets();
        var endpoint = app.Services.GetRequiredService<MediaWebSocketEndpoint>();
        app.Map(MediaUrls.RouteTemplate, endpoint.HandleAsync);
        return app;
    }
}
