using CallingBot.Core.Manager;
using CallingBot.Core.Routing;
using CallingBot.Emulator;
using CallingBot.AspNetCore.Hosting;
using CallingBot.AspNetCore.LocalMode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallingBot.Cluster.Tests.Infrastructure;

/// <summary>The real host in local mode (its embedded silo and in-process emulator) on 127.0.0.1 with dynamic ports.</summary>
public sealed class LocalBot : IAsyncDisposable
{
    public const string ApiKey = "cluster-tests-api-key-0123456789abcdef";

    private readonly WebApplication _app;

    private LocalBot(WebApplication app)
    {
        _app = app;
        Services = app.Services;
        Emulator = Services.GetRequiredService<LocalEnvironment>().Emulator;
        Manager = Services.GetRequiredService<ICallManager>();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public IServiceProvider Services { get; }

    public GraphEmulator Emulator { get; }

    public ICallManager Manager { get; }

    public Uri BaseAddress { get; }

    public string AppId => Services.GetRequiredService<LocalEnvironment>().Options.AppId;

    /// <summary>Builds the host; <see cref="StartAsync(WebApplication)"/> starts it.</summary>
    public static Task<WebApplication> CreateAsync(IIncomingCallRouter router, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        CallingBotApplication.CreateAsync(["--urls", "https://127.0.0.1:0", "--environment", "Testing"], builder =>
        {
            var values = new Dictionary<string, string?>
            {
                ["CallingBot:Mode"] = "Local",
                ["CallingBot:Local:EmulatorHttpsPort"] = "0",
                ["CallingBot:Local:EmulatorHttpPort"] = "0",
                ["CallingBot:Local:EmulatorDataDirectory"] = string.Empty,
                ["CallingBot:Logging:MinimumLevel"] = "Warning",
                ["CallingBot:DrainTimeout"] = "00:00:05",
                ["CallingBot:Api:ApiKey"] = ApiKey,
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }

            builder.Configuration.AddInMemoryCollection(values);
            builder.Services.Replace(ServiceDescriptor.Singleton(router));
            services?.Invoke(builder.Services);
        });

    public static async Task<LocalBot> StartAsync(IIncomingCallRouter router, IDictionary<string, string?>? settings = null) =>
        await StartAsync(await CreateAsync(router, settings));

    public static async Task<LocalBot> StartAsync(WebApplication app)
    {
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new LocalBot(app);
    }

    /// <summary>An API client with the key, trusting the local-mode certificate.</summary>
    public HttpClient CreateApiClient()
    {
        var client = new HttpClient(Emulator.CreateTrustingHandler()) { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
