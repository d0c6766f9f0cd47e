using CallingBot.Core.Manager;
using CallingBot.Graph.Calling;
using CallingBot.Graph.Configuration;
using CallingBot.AspNetCore.Diagnostics;
#if CALLINGBOT_EMULATOR
using CallingBot.AspNetCore.LocalMode;
#endif
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Hosting;

/// <summary>
/// Brings the bot up once the web server listens (so the callback URL is known), and drains calls on shutdown.
/// </summary>
internal sealed partial class BotLifecycleService(
    IServer server,
    ICallManager callManager,
    GraphCallingPlatform platform,
    IOptions<GraphCallingOptions> graphOptions,
    IOptions<CallingBotHostOptions> hostOptions,
    ILogger<BotLifecycleService> logger,
#if CALLINGBOT_EMULATOR
    LocalEnvironment? local = null,
#endif
    CallingBot.Cluster.CallOwners? owners = null) : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public bool IsDraining { get; private set; }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var callbackUrl = graphOptions.Value.CallbackUrl ?? DeriveCallbackUrl();
        callManager.Start();
        platform.Initialize(callbackUrl);
#if CALLINGBOT_EMULATOR
        if (local is not null)
        {
            local.RegisterCallback(callbackUrl);
            Log.LocalMode(logger, callbackUrl, local.Emulator.HttpsBaseAddress, local.Emulator.HttpBaseAddress?.ToString() ?? "(none)", local.Options.AppId);
            var bot = new Uri(callbackUrl, "/");
            var softphone = local.Emulator.HttpBaseAddress is { } plain ? new Uri(plain, "emulator/softphone/") : local.Emulator.SoftphoneAddress;
            Log.LocalModeLinks(logger, softphone, new Uri(bot, "scalar/v1"), new Uri(bot, "dashboard"));
        }
        else
#endif
        {
            Log.RealMode(logger, callbackUrl, graphOptions.Value.AppId ?? string.Empty);
        }

        // Calls held before this start are settled in the background: new calls are taken meanwhile.
        Recovery = Task.Run(() => RecoverAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>The reconciliation of the calls recorded before this start (completes when they are settled).</summary>
    public Task Recovery { get; private set; } = Task.CompletedTask;

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        try
        {
            await callManager.RecoverAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            Log.RecoveryFailed(logger, exception);
        }
    }

    /// <summary>
    /// Drains the calls. The host runs every service's <c>StoppingAsync</c> before it stops any (the web server
    /// included), so the service's notifications, the hang-up confirmations among them, keep arriving throughout.
    /// </summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        IsDraining = true;
        var options = hostOptions.Value;
        Log.Draining(logger, callManager.ActiveCallCount, options.DrainTimeout.TotalSeconds, options.DrainHangUpTimeout.TotalSeconds);
        if (owners is { CanHandOver: true })
        {
            // Other instances are active: established service-hosted calls go on there instead of being waited for.
            await callManager.DrainAsync(options.DrainTimeout, options.DrainHangUpTimeout, owners.HandOverAsync, cancellationToken);
        }
        else
        {
            await callManager.DrainAsync(options.DrainTimeout, options.DrainHangUpTimeout, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
#if CALLINGBOT_EMULATOR
        if (local is not null)
        {
            // The emulator is the bot's Graph: it stops last, once the drain is over and the bot sends nothing more.
            await local.DisposeAsync();
            Log.LocalEmulatorStopped(logger);
        }
#else
        await Task.CompletedTask;
#endif

        Log.Stopped(logger);
    }

    public void Dispose() => _stopping.Dispose();

    private Uri DeriveCallbackUrl()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var https = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            ?? throw new CallingBotStartException("Local mode needs an https endpoint for callbacks; none is bound: listen on one with --urls https://127.0.0.1:PORT (or leave --urls unset for https://127.0.0.1:9443).");
        var baseUri = new Uri(https.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://localhost", "://127.0.0.1", StringComparison.Ordinal));
        return new Uri(baseUri, Callbacks.CallbackController.Path);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AspNetCoreEventIds.RecoveryFailed, EventName = nameof(AspNetCoreEventIds.RecoveryFailed), Level = LogLevel.Error, Message = "The calls held before this start could not be reconciled (the live call store could not be read); notifications for them still trigger their reconciliation one by one")]
        public static partial void RecoveryFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = AspNetCoreEventIds.LocalMode, EventName = nameof(AspNetCoreEventIds.LocalMode), Level = LogLevel.Warning, Message = "CallingBot is running in LOCAL MODE against the built-in Graph calling emulator (no Graph credentials configured). Bot callback: {CallbackUrl}  Emulator: {EmulatorUrl}  Emulator control API: {ControlUrl}  Bot app id: {AppId}. Press Ctrl+C to stop.")]
        public static partial void LocalMode(ILogger logger, Uri callbackUrl, Uri emulatorUrl, string controlUrl, string appId);

        [LoggerMessage(EventId = AspNetCoreEventIds.LocalModeLinks, EventName = nameof(AspNetCoreEventIds.LocalModeLinks), Level = LogLevel.Information, Message = "Try it in a browser: ring the bot from the softphone {SoftphoneUrl}, send API requests from {ApiPageUrl}, watch calls on {DashboardUrl} (the API key above signs in)")]
        public static partial void LocalModeLinks(ILogger logger, Uri softphoneUrl, Uri apiPageUrl, Uri dashboardUrl);

        [LoggerMessage(EventId = AspNetCoreEventIds.RealMode, EventName = nameof(AspNetCoreEventIds.RealMode), Level = LogLevel.Information, Message = "CallingBot is running against Microsoft Graph as app {AppId}; callbacks at {CallbackUrl}")]
        public static partial void RealMode(ILogger logger, Uri callbackUrl, string appId);

        [LoggerMessage(EventId = AspNetCoreEventIds.Draining, EventName = nameof(AspNetCoreEventIds.Draining), Level = LogLevel.Information, Message = "Shutting down: draining {Count} active call(s): up to {DrainSeconds:0.#} s for them to end, then up to {HangUpSeconds:0.#} s for their hang-ups to be confirmed")]
        public static partial void Draining(ILogger logger, int count, double drainSeconds, double hangUpSeconds);

        [LoggerMessage(EventId = AspNetCoreEventIds.LocalEmulatorStopped, EventName = nameof(AspNetCoreEventIds.LocalEmulatorStopped), Level = LogLevel.Information, Message = "Local emulator stopped after the drain")]
        public static partial void LocalEmulatorStopped(ILogger logger);

        [LoggerMessage(EventId = AspNetCoreEventIds.Stopped, EventName = nameof(AspNetCoreEventIds.Stopped), Level = LogLevel.Information, Message = "CallingBot stopped")]
        public static partial void Stopped(ILogger logger);
    }
}
