using CallingBot.Core.Manager;
using CallingBot.Core.Routing;
using CallingBot.Emulator;
using CallingBot.Graph.Calling;
using CallingBot.AspNetCore.Hosting;
using CallingBot.AspNetCore.LocalMode;
using CallingBot.AspNetCore.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallingBot.Host.Tests.Infrastructure;

/// <summary>
/// The real CallingBot host in local mode on 127.0.0.1 with dynamic ports, its in-process emulator, and a
/// test-supplied router. Disposing stops both servers.
/// </summary>
public sealed class BotHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo? _historyDirectory;
    private readonly string _recoveryDirectory;

    private BotHost(WebApplication app, DirectoryInfo? historyDirectory, string recoveryDirectory)
    {
        _recoveryDirectory = recoveryDirectory;
        _app = app;
        _historyDirectory = historyDirectory;
        Services = app.Services;
        Local = Services.GetRequiredService<LocalEnvironment>();
        Manager = Services.GetRequiredService<ICallManager>();
        Platform = Services.GetRequiredService<GraphCallingPlatform>();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public IServiceProvider Services { get; }

    public LocalEnvironment Local { get; }

    public GraphEmulator Emulator => Local.Emulator;

    public ICallManager Manager { get; }

    public GraphCallingPlatform Platform { get; }

    public Uri BaseAddress { get; }

    public string AppId => Local.Options.AppId;

    /// <param name="consoleLog">Receives the console log instead of standard output.</param>
    /// <remarks>The call history goes to a SQLite file in a temporary folder of its own, removed on dispose, unless <paramref name="settings"/> choose a store or path.</remarks>
    public static async Task<BotHost> StartAsync(IIncomingCallRouter? router = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, TextWriter? consoleLog = null)
    {
        // Each host keeps its live call records in a folder of its own, removed when it is disposed.
        var recoveryDirectory = Path.Combine(Path.GetTempPath(), "callingbot-test-recovery-" + Guid.NewGuid().ToString("N"));
        var historyDirectory = settings is not null && (settings.ContainsKey("CallingBot:History:Store") || settings.ContainsKey("CallingBot:History:Sqlite:Path"))
            ? null
            : Directory.CreateTempSubdirectory("callingbot-host-history-");
        var app = await CallingBotApplication.CreateAsync(["--urls", "https://127.0.0.1:0", "--environment", "Testing"], builder =>
        {
            var values = new Dictionary<string, string?>
            {
                ["CallingBot:Mode"] = "Local",
                ["CallingBot:Local:EmulatorHttpsPort"] = "0",
                ["CallingBot:Local:EmulatorHttpPort"] = "0",
                ["CallingBot:Local:EmulatorDataDirectory"] = string.Empty,
                ["CallingBot:Logging:MinimumLevel"] = "Warning",
                ["CallingBot:DrainTimeout"] = "00:00:05",
                ["CallingBot:Recovery:Directory"] = recoveryDirectory,
            };
            if (historyDirectory is not null)
            {
                values["CallingBot:History:Sqlite:Path"] = Path.Combine(historyDirectory.FullName, "history.db");
            }

            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }

            builder.Configuration.AddInMemoryCollection(values);
            if (router is not null)
            {
                builder.Services.Replace(ServiceDescriptor.Singleton(router));
            }

            services?.Invoke(builder.Services);
            if (consoleLog is not null)
            {
                builder.UseConsoleLogWriter(consoleLog);
            }
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            DeleteHistory(historyDirectory);
            DeleteRecovery(recoveryDirectory);
            throw;
        }

        return new BotHost(app, historyDirectory, recoveryDirectory);
    }

    /// <summary>An HttpClient for the bot's own endpoints that trusts the local-mode certificate.</summary>
    public HttpClient CreateClient() => new(Emulator.CreateTrustingHandler()) { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        finally
        {
            DeleteHistory(_historyDirectory);
            DeleteRecovery(_recoveryDirectory);
        }
    }

    private static void DeleteRecovery(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void DeleteHistory(DirectoryInfo? directory)
    {
        if (directory is null)
        {
            return;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        directory.Delete(recursive: true);
    }
}
