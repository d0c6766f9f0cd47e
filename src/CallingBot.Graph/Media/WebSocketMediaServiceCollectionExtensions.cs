using System.Diagnostics.Metrics;
using CallingBot.Media.Diagnostics;
using CallingBot.Core.Registry;
using CallingBot.Graph.Calling;
using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallingBot.Graph.Media;

public static class WebSocketMediaServiceCollectionExtensions
{
    /// <summary>
    /// Registers app-hosted media over the media streaming WebSocket: options (validated at start), the media session
    /// registry (the owner of the sessions, asking the <see cref="ICallRegistry"/> whether a session's call ended) and
    /// the SDK media session factory. The host serves the WebSocket endpoint and hands accepted sockets to the registry.
    /// </summary>
    public static IServiceCollection AddWebSocketMediaSessions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<WebSocketMediaOptions>().ValidateOnStart();
        services.AddOptions<MediaEndpointOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebSocketMediaOptions>, WebSocketMediaOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var calls = sp.GetRequiredService<ICallRegistry>();
            return new MediaSessionRegistry(
                sp.GetRequiredService<IOptions<MediaEndpointOptions>>().Value,
                callId => calls.GetStatus(callId) == CallStatus.Ended,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>(),
                sp.GetRequiredService<MediaMetrics>(),
                sp.GetRequiredService<MediaClock>());
        });
        services.TryAddSingleton(sp => new MediaMetrics(sp.GetService<IMeterFactory>()));

        // One 20 ms clock paces every call's outbound audio (one timer for the process, not one per call), its calls spread over 8 phases.
        services.TryAddSingleton(sp => new MediaClock(AudioFormat.Default.FrameDuration, sp.GetRequiredService<TimeProvider>(), logger: sp.GetRequiredService<ILogger<MediaClock>>()) { Phases = MediaClock.SharedPhases });
        services.TryAddSingleton<IMediaEndpointResolver, ConfiguredMediaEndpointResolver>();
        services.TryAddSingleton<IMediaSessionFactory, WebSocketMediaSessionFactory>();
        return services;
    }
}
