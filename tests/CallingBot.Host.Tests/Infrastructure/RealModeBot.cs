using System.Net;
using CallingBot.Core.Manager;
using CallingBot.Core.Routing;
using CallingBot.Emulator;
using CallingBot.Graph.Authentication;
using CallingBot.AspNetCore.Hosting;
using CallingBot.Testing.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallingBot.Host.Tests.Infrastructure;

/// <summary>
/// The real host in real mode against a standalone emulator (as against Graph), serving its callback over HTTPS on a
/// port chosen by the test, so that a second process of the same bot can take the port over after the first one is
/// gone. <see cref="CrashAsync"/> makes this one vanish as a killed process would: its listener closes at once and it
/// sends nothing more to the service, without draining, hanging up or removing a single record.
/// </summary>
internal sealed class RealModeBot : IAsyncDisposable
{
    public const string AppId = "7e5a1c2b-0000-4000-8000-00000000ad09";
    public const string TenantId = "7e5a1c2b-0000-4000-8000-00000000ad10";
    public const string ClientSecret = "restart-test-client-secret-0123456789";

    private readonly WebApplication _app;
    private readonly CrashSwitch _crash;

    private RealModeBot(WebApplication app, CrashSwitch crash)
    {
        _app = app;
        _crash = crash;
        Services = app.Services;
        Manager = Services.GetRequiredService<ICallManager>();
        Lifecycle = Services.GetRequiredService<BotLifecycleService>();
    }

    public IServiceProvider Services { get; }

    public ICallManager Manager { get; }

    public BotLifecycleService Lifecycle { get; }

    public static Uri CallbackUrl(int port) => new($"https://127.0.0.1:{port}/api/calling");

    /// <summary>Registers the bot application (its secret and callback URL) with the emulator.</summary>
    public static void Register(GraphEmulator emulator, int port) => emulator.RegisterApplication(new CallingBot.Emulator.Identity.EmulatedApplication
    {
        AppId = AppId,
        DisplayName = "CallingBot (restart test)",
        TenantId = TenantId,
        ClientSecret = ClientSecret,
        CallbackUri = CallbackUrl(port),
    });

    public static async Task<RealModeBot> StartAsync(GraphEmulator emulator, int port, IIncomingCallRouter router, IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var crash = new CrashSwitch();
        var app = await CallingBotApplication.CreateAsync(["--environment", "Testing"], builder =>
        {
            var values = new Dictionary<string, string?>
            {
                ["CallingBot:Mode"] = "Real",
                ["CallingBot:Graph:AppId"] = AppId,
                ["CallingBot:Graph:TenantId"] = TenantId,
                ["CallingBot:Graph:ClientSecret"] = ClientSecret,
                ["CallingBot:Graph:CallbackUrl"] = CallbackUrl(port).AbsoluteUri,
                ["CallingBot:Graph:VerifyCredentialsAtStart"] = "false",
                ["CallingBot:Logging:MinimumLevel"] = "Warning",
                ["CallingBot:DrainTimeout"] = "00:00:05",
            };
            foreach (var (key, value) in settings)
            {
                values[key] = value;
            }

            builder.Configuration.AddInMemoryCollection(values);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(emulator.TlsCertificate)));
            builder.Services.Replace(ServiceDescriptor.Singleton(router));
            builder.Services.UseEmulatorAsGraph(emulator);
            builder.Services.AddHttpClient(GraphHttpClients.Graph).AddHttpMessageHandler(() => new CrashHandler(crash));
            services?.Invoke(builder.Services);
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

        return new RealModeBot(app, crash);
    }

    /// <summary>
    /// Gone, as a killed process is: the Graph client fails every request from now on and the listener closes at once.
    /// Nothing is drained or hung up and no record is touched; the object stays in memory until disposed.
    /// </summary>
    public async Task CrashAsync()
    {
        _crash.Crashed = true;
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        try
        {
            await Services.GetRequiredService<IServer>().StopAsync(now.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_crash.Crashed)
        {
            // A crashed process says nothing more: stop without letting it drain against the service.
            using var now = new CancellationTokenSource();
            await now.CancelAsync();
            try
            {
                await _app.StopAsync(now.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        else
        {
            await _app.StopAsync();
        }

        await _app.DisposeAsync();
    }

    public static int FreePort() => CallingBot.Testing.LoopbackPorts.Free();

    private sealed class CrashSwitch
    {
        public volatile bool Crashed;
    }

    private sealed class CrashHandler(CrashSwitch crash) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            crash.Crashed
                ? Task.FromException<HttpResponseMessage>(new HttpRequestException("The process is gone (simulated kill)."))
                : base.SendAsync(request, cancellationToken);
    }
}
