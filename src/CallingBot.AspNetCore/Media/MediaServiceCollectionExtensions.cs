using CallingBot.Graph.Media;
using CallingBot.AspNetCore.Hosting;
using CallingBot.Media.Sessions;
using CallingBot.Media.Windows;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Media;

internal static class MediaServiceCollectionExtensions
{
    /// <summary>
    /// App-hosted media: SDK media sessions whose blob points at this host's <c>/media/{sessionId}</c> WebSocket
    /// endpoint, which hands accepted sockets to the media session registry. In local mode the public URL is the bot's
    /// own https listener. With <c>CallingBot:Media:Platform</c> = <c>Native</c> on Windows x64 in real mode, the
    /// native media platform creates the calls' media sessions instead (the WebSocket endpoint stays mapped, unused);
    /// anywhere else <c>Native</c> fails the start naming the setting.
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

        services.AddOptions<MediaPlatformOptions>().Bind(configuration.GetSection(MediaPlatformOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaPlatformOptions>>(new MediaPlatformOptionsValidator(mode)));
        services.AddWebSocketMediaSessions();
        services.TryAddSingleton<MediaWebSocketEndpoint>();

        // Which services exist depends on the platform, so it is read here; the validator reports a wrong value at start.
        var platform = configuration.GetSection(MediaPlatformOptions.SectionName).Get<MediaPlatformOptions>() ?? new MediaPlatformOptions();
        if (platform.IsNative && mode != HostMode.Local && OperatingSystem.IsWindows() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64)
        {
            services.AddNativeMediaSessions();
        }

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
