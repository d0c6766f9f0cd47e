using System.Diagnostics.Metrics;
using System.Runtime.Versioning;
using CallingBot.Graph.Calling;
using CallingBot.Graph.Configuration;
using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Windows.Configuration;
using CallingBot.Media.Windows.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallingBot.Media.Windows;

public static class NativeMediaServiceCollectionExtensions
{
    /// <summary>
    /// Registers app-hosted media on Microsoft's native media platform in place of the media streaming WebSocket: the
    /// options (section <c>CallingBot:Media:Native</c>, validated at start) and the <see cref="NativeMediaSessionFactory"/>
    /// as the Graph adapter's media session factory and client configurator. Windows Server x64 only: the host checks the
    /// OS before calling this.
    /// </summary>
    [SupportedOSPlatform("windows")]
    public static IServiceCollection AddNativeMediaSessions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddNativeMediaOptions();
        services.TryAddSingleton(sp => new MediaMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton(sp => new MediaClock(AudioFormat.Default.FrameDuration, sp.GetRequiredService<TimeProvider>(), logger: sp.GetRequiredService<ILogger<MediaClock>>()) { Phases = MediaClock.SharedPhases });
        services.TryAddSingleton(sp => new NativeMediaSessionFactory(
            sp.GetRequiredService<IOptions<NativeMediaOptions>>(),
            sp.GetRequiredService<IOptions<GraphCallingOptions>>().Value.AppId
                ?? throw new InvalidOperationException($"{GraphCallingOptions.SectionName}:AppId is required for the native media platform."),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<MediaMetrics>(),
            sp.GetRequiredService<MediaClock>()));
        services.Replace(ServiceDescriptor.Singleton<IMediaSessionFactory>(sp => sp.GetRequiredService<NativeMediaSessionFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICommunicationsClientConfigurator, NativeMediaSessionFactory>(sp => sp.GetRequiredService<NativeMediaSessionFactory>()));
        return services;
    }

    /// <summary>The native media options, validated at start (every OS: a wrong setting is reported before the OS check).</summary>
    public static IServiceCollection AddNativeMediaOptions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<NativeMediaOptions>().BindConfiguration(NativeMediaOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NativeMediaOptions>, NativeMediaOptionsValidator>());
        return services;
    }
}
