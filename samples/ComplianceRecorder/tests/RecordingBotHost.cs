using CallingBot.Core.Manager;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.Host.Hosting;
using CallingBot.Host.LocalMode;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplianceRecorder.Tests;

/// <summary>The CallingBot host in local mode (127.0.0.1, dynamic ports) with its emulator and the sample's router.</summary>
public sealed class RecordingBotHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordingBotHost(WebApplication app)
    {
        _app = app;
        var local = app.Services.GetRequiredService<LocalEnvironment>();
        Control = local.Emulator.Control;
        AppId = local.Options.AppId;
        Manager = app.Services.GetRequiredService<CallManager>();
        History = app.Services.GetRequiredService<ICallHistory>();
    }

    public CallManager Manager { get; }

    public ICallHistory History { get; }

    public EmulatorControl Control { get; }

    public string AppId { get; }

    public static async Task<RecordingBotHost> StartAsync(IIncomingCallRouter router)
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
            });
            builder.Services.Replace(ServiceDescriptor.Singleton(router));
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

        return new RecordingBotHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
