using CallingBot.Cluster.Calls;
using CallingBot.Cluster.Configuration;
using CallingBot.Cluster.Hosting;
using CallingBot.Cluster.Instances;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using CallingBot.Cluster.Diagnostics;

namespace CallingBot.Cluster;

/// <summary>
/// This instance's silo, in its own service container inside the application: Orleans keeps its own services (and
/// its real-time clock) apart from the application's, and sees only the few application services grains use. Started
/// before the web server takes requests and stopped after it has stopped.
/// </summary>
internal sealed partial class ClusterSilo(IServiceProvider application, IOptions<CallingBotClusterOptions> options, ILogger<ClusterSilo> logger)
    : IHostedLifecycleService, IAsyncDisposable
{
    private static readonly TimeSpan DisposeStopTimeout = TimeSpan.FromSeconds(5);

    private IHost? _host;
    private bool _stopped;
    private ClusterInstance? _instance;

    public bool IsStarted => _instance is not null;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public IClusterMembershipService Membership => Services.GetRequiredService<IClusterMembershipService>();

    public ClusterInstance Instance => _instance ?? throw NotStarted();

    private IServiceProvider Services => _host?.Services ?? throw NotStarted();

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var builder = new HostBuilder().UseOrleans(silo => SiloConfiguration.Configure(silo, settings));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton(application.GetRequiredService<ILoggerFactory>());
            services.AddSingleton(options);
            services.AddSingleton(_ => application.GetRequiredService<ClusterCallRegistry>());
            services.AddSingleton(_ => application.GetRequiredService<ICallNotificationHandler>());
            services.AddSingleton(_ => application.GetRequiredService<ILocalRequestExecutor>());
            services.AddSingleton(_ => application.GetRequiredService<ILocalCallDirectory>());
            services.AddSingleton(_ => application.GetRequiredService<ClusterMetrics>());
            services.AddSingleton(_ => application.GetRequiredService<Core.Manager.ICallManager>());
            services.AddSingleton(sp => new ClusterInstance(sp.GetRequiredService<ILocalSiloDetails>()));
            services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        });
        var started = TimeProvider.System.GetTimestamp();
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        _host = host;
        _instance = host.Services.GetRequiredService<ClusterInstance>();
        Log.Started(logger, settings.Mode, _instance.Name, settings.ClusterId, settings.ServiceId, (long)TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (_host is { } host)
        {
            await host.StopAsync(cancellationToken).ConfigureAwait(false);
            _stopped = true;
            Log.Stopped(logger, _instance!.Name);
        }
    }

    /// <summary>Stops the silo without the graceful leave (as a killed process would): the others find it dead by probing.</summary>
    internal async Task KillAsync()
    {
        if (_host is { } host)
        {
            using var now = new CancellationTokenSource();
            await now.CancelAsync().ConfigureAwait(false);
            try
            {
                await host.StopAsync(now.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _host, null) is { } host)
        {
            // Disposed without having been stopped (the application failed to start after the silo did): stop it first, so
            // its shutdown does not run against services already disposed.
            if (!_stopped)
            {
                using var timeout = new CancellationTokenSource(DisposeStopTimeout);
                try
                {
                    await host.StopAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopping took too long: dispose as it is.
                }
            }

            if (host is IAsyncDisposable asynchronous)
            {
                await asynchronous.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                host.Dispose();
            }
        }
    }

    private static ClusterNotStartedException NotStarted() => new ClusterNotStartedException();

    private static partial class Log
    {
        [LoggerMessage(EventId = ClusterEventIds.SiloStarted, EventName = nameof(ClusterEventIds.SiloStarted), Level = LogLevel.Information, Message = "Silo started ({Mode}) as instance {Instance} of cluster {ClusterId}, service {ServiceId}, in {ElapsedMilliseconds} ms")]
        public static partial void Started(ILogger logger, ClusterMode mode, string instance, string clusterId, string serviceId, long elapsedMilliseconds);

        [LoggerMessage(EventId = ClusterEventIds.SiloStopped, EventName = nameof(ClusterEventIds.SiloStopped), Level = LogLevel.Information, Message = "Silo of instance {Instance} stopped")]
        public static partial void Stopped(ILogger logger, string instance);
    }
}
