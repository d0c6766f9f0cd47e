using CallingBot.Core.Manager;
using CallingBot.Core.Routing;
using CallingBot.Emulator;
using CallingBot.Emulator.Control;
using CallingBot.AspNetCore.Hosting;
using CallingBot.AspNetCore.LocalMode;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallingBot.Samples.Testing;

/// <summary>
/// The CallingBot host in local mode on 127.0.0.1 with dynamic ports, its in-process emulator, and the sample's router.
/// A sample's tests drive calls with <see cref="Control"/> and watch the bot through <see cref="Manager"/>.
/// Disposing stops both servers.
/// </summary>
public sealed class SampleBotHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SampleBotHost(WebApplication app)
    {
        _app = app;
        Services = app.Services;
        Emulator = Services.GetRequiredService<LocalEnvironment>().Emulator;
        Manager = Services.GetRequiredService<ICallManager>();
        AppId = Services.GetRequiredService<LocalEnvironment>().Options.AppId;
    }

    public IServiceProvider Services { get; }

    public GraphEmulator Emulator { get; }

    public EmulatorControl Control => Emulator.Control;

    public ICallManager Manager { get; }

    /// <summary>The bot's application id: what <see cref="IncomingCallRequest.AppId"/> calls.</summary>
    public string AppId { get; }

    /// <param name="router">The sample's router for incoming calls.</param>
    /// <param name="timeProvider">A clock for the call manager (digit timeouts, deadlines), for example a FakeTimeProvider.</param>
    /// <param name="configure">The sample's own configuration and registrations, as its host would add them.</param>
    public static async Task<SampleBotHost> StartAsync(IIncomingCallRouter? router = null, TimeProvider? timeProvider = null, Action<WebApplicationBuilder>? configure = null)
    {
        var app = await CallingBotApplication.CreateAsync(["--urls", "https://127.0.0.1:0", "--environment", "Testing"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CallingBot:Mode"] = "Local",
                ["CallingBot:Local:EmulatorHttpsPort"] = "0",
                ["CallingBot:Local:EmulatorHttpPort"] = "0",
                ["CallingBot:Local:EmulatorDataDirectory"] = string.Empty,
                ["CallingBot:Logging:MinimumLevel"] = "Warning",
                ["CallingBot:DrainTimeout"] = "00:00:05",

                // The samples' call history stays in memory: no file in the test output, and no hourly purge timer on a
                // test's clock among the timers it counts.
                ["CallingBot:History:Store"] = "Memory",
                ["CallingBot:History:RetentionDays"] = "0",
            });
            if (router is not null)
            {
                builder.Services.Replace(ServiceDescriptor.Singleton(router));
            }

            if (timeProvider is not null)
            {
                builder.Services.Replace(ServiceDescriptor.Singleton(timeProvider));
            }

            configure?.Invoke(builder);
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new SampleBotHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
