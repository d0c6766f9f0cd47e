using CallingBot.AspNetCore.LocalMode;
using CallingBot.AspNetCore.Logging;
using CallingBot.Core.Manager;
using CallingBot.Core.Routing;
using CallingBot.Emulator;
using CallingBot.Emulator.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using EmulatedCall = CallingBot.Emulator.Control.CallSnapshot;

namespace CallingBot.AspNetCore.Testing;

/// <summary>
/// A bot under test: hosted through <see cref="CallingBotHostingExtensions.AddCallingBot"/> in local mode, on
/// 127.0.0.1 with dynamic ports, with its in-process emulator of the Graph calling service, its call history in
/// memory and its log quiet (warnings and errors). A test rings the bot (<see cref="CallFromTeamsUserAsync"/>,
/// <see cref="CallFromPhoneAsync"/>), presses keys, hangs up, waits for the emulator's or the bot's state, and reads
/// the call's <see cref="Timeline"/>. Disposing stops the bot (its drain included) and the emulator.
/// </summary>
public sealed class CallingBotTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _recovery;

    private CallingBotTestHost(WebApplication app, DirectoryInfo recovery)
    {
        _app = app;
        _recovery = recovery;
        Services = app.Services;
        var local = Services.GetRequiredService<LocalEnvironment>();
        Emulator = local.Emulator;
        AppId = local.Options.AppId;
        TenantId = local.Options.TenantId;
        Manager = Services.GetRequiredService<ICallManager>();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>The bot's services.</summary>
    public IServiceProvider Services { get; }

    /// <summary>The emulator the bot talks to, as Microsoft Graph.</summary>
    public GraphEmulator Emulator { get; }

    /// <summary>The emulator's control: the other side of every call (callers, meetings, media, timelines).</summary>
    public EmulatorControl Control => Emulator.Control;

    /// <summary>The bot's call manager: the calls as the bot sees them.</summary>
    public ICallManager Manager { get; }

    /// <summary>The bot's application id, which <see cref="IncomingCallRequest.AppId"/> calls.</summary>
    public string AppId { get; }

    /// <summary>The tenant of the emulated organisation.</summary>
    public string TenantId { get; }

    /// <summary>The bot's own https address (callbacks, REST API, health); <see cref="CreateClient"/> trusts its certificate.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts a bot whose incoming calls <paramref name="router"/> decides.</summary>
    /// <param name="router">The router; null for the bot's default (or what <paramref name="configure"/> registers).</param>
    /// <param name="timeProvider">The bot's clock, for example a <see cref="TimerCountingTimeProvider"/>; null for the system clock.</param>
    /// <param name="configure">Configuration and services, as the bot's own Program.cs adds them before <c>AddCallingBot</c>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static Task<CallingBotTestHost> StartAsync(IIncomingCallRouter? router = null, TimeProvider? timeProvider = null, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default) =>
        StartAsync(new CallingBotTestHostOptions { Router = router, TimeProvider = timeProvider, ConfigureApp = configure }, cancellationToken);

    /// <summary>Starts a bot set up by <paramref name="options"/>.</summary>
    public static async Task<CallingBotTestHost> StartAsync(CallingBotTestHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var recovery = Directory.CreateTempSubdirectory("callingbot-test-recovery-");
        WebApplication? app = null;
        try
        {
            var builder = CallingBotStart.CreateBuilder(["--urls", "https://127.0.0.1:0", "--environment", "Testing"]);
            var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["CallingBot:Mode"] = "Local",
                ["CallingBot:Local:EmulatorHttpsPort"] = "0",
                ["CallingBot:Local:EmulatorHttpPort"] = "0",
                ["CallingBot:Local:EmulatorDataDirectory"] = string.Empty,
                ["CallingBot:Logging:MinimumLevel"] = "Warning",
                ["CallingBot:DrainTimeout"] = "00:00:05",

                // The call history stays in memory, with no hourly purge timer on a test's clock among the timers it counts;
                // the live call records go to a folder of this host's own, removed on dispose.
                ["CallingBot:History:Store"] = "Memory",
                ["CallingBot:History:RetentionDays"] = "0",
                ["CallingBot:Recovery:Directory"] = recovery.FullName,
            };
            foreach (var (key, value) in options.Settings)
            {
                settings[key] = value;
            }

            builder.Configuration.AddInMemoryCollection(settings);
            if (options.Log is not null)
            {
                builder.UseConsoleLogWriter(options.Log);
            }

            options.ConfigureApp?.Invoke(builder);
            builder.AddCallingBot(bot =>
            {
                if (options.Router is not null)
                {
                    bot.UseRouter(options.Router);
                }

                if (options.TimeProvider is not null)
                {
                    bot.UseTimeProvider(options.TimeProvider);
                }

                options.ConfigureBot?.Invoke(bot);
            });
            app = builder.Build();
            app.MapCallingBot();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return new CallingBotTestHost(app, recovery);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            recovery.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>A Teams user of the emulated organisation calls the bot; returns the call's id.</summary>
    public Task<string> CallFromTeamsUserAsync(string userId, string? displayName = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = AppId, FromUserId = userId, FromDisplayName = displayName }, cancellationToken);
    }

    /// <summary>A phone number (E.164, for example <c>+14255550123</c>) calls the bot; returns the call's id.</summary>
    public Task<string> CallFromPhoneAsync(string phoneNumber, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phoneNumber);
        return Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = AppId, FromPhoneNumber = phoneNumber }, cancellationToken);
    }

    /// <summary>The caller presses <paramref name="keys"/> (DTMF: 0-9, *, #, A-D).</summary>
    public Task PressKeysAsync(string callId, string keys, CancellationToken cancellationToken = default) =>
        Control.PressKeysAsync(callId, keys, cancellationToken: cancellationToken);

    /// <summary>The caller hangs up.</summary>
    public Task HangUpAsync(string callId, CancellationToken cancellationToken = default) => Control.HangUpAsync(callId, cancellationToken);

    /// <summary>Waits until the emulator sees the call in <paramref name="state"/> (<c>establishing</c>, <c>established</c>, <c>terminated</c>).</summary>
    public Task<EmulatedCall> WaitForCallStateAsync(string callId, string state, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Control.WaitForCallStateAsync(callId, state, timeout, cancellationToken);

    /// <summary>Waits until <paramref name="condition"/> holds on the bot's call manager; a timeout names <paramref name="phase"/>.</summary>
    /// <example><c>await bot.WaitForBotAsync(m => m.ActiveCallCount == 0, "the bot forgets the call");</c></example>
    public Task WaitForBotAsync(Func<ICallManager, bool> condition, string phase, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Eventually.UntilAsync(() => condition(Manager), phase, timeout);
    }

    /// <summary>What happened on the call so far: the bot's requests, the notifications it got, the emulator's events.</summary>
    public CallTimeline Timeline(string callId) => new(callId, Control.GetTimeline(callId));

    /// <summary>An HttpClient for the bot's own endpoints that trusts its local-mode certificate.</summary>
    public HttpClient CreateClient() => new(Emulator.CreateTrustingHandler()) { BaseAddress = BaseAddress };

    /// <summary>Stops the bot (after draining its calls) and the emulator.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _recovery.Delete(recursive: true);
        }
    }
}
