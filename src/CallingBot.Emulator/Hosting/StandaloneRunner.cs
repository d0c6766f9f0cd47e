using CallingBot.Emulator.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Hosting;

/// <summary>Runs the emulator as a console application until Ctrl+C.</summary>
internal static partial class StandaloneRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("emulatorsettings.json", optional: true)
            .AddJsonFile(Path.Combine(Environment.CurrentDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var options = new EmulatorOptions();
        configuration.GetSection(EmulatorOptions.SectionName).Bind(options);
        options.DataDirectory ??= Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "CallingBot.Emulator");

        using var loggers = LoggerFactory.Create(logging =>
        {
            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
            });
        });
        var logger = loggers.CreateLogger("CallingBot.Emulator");
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                Log.InvalidSetting(logger, error);
            }

            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        await using var emulator = await GraphEmulator.StartAsync(options, TimeProvider.System, loggers, stop.Token);
        var cerPath = Path.Combine(options.DataDirectory, Identity.TlsCertificateFactory.CerFileName);
        Log.Started(logger, emulator.HttpsBaseAddress, emulator.HttpBaseAddress?.ToString() ?? "(disabled)", emulator.GraphServiceBaseUrl, emulator.GetAuthority(options.DefaultTenantId), options.DataDirectory, cerPath, emulator.TlsCertificate.Thumbprint,
            !options.Softphone.Enabled ? "(disabled)" : emulator.HttpBaseAddress is { } plain ? new Uri(plain, "emulator/softphone/").ToString() : emulator.SoftphoneAddress.ToString());
        foreach (var app in options.Applications)
        {
            Log.Application(logger, app.AppId, app.CallbackUri?.ToString() ?? "(none)");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        Log.Stopping(logger);
        return 0;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EmulatorEventIds.Started, EventName = nameof(EmulatorEventIds.Started), Level = LogLevel.Information, Message = "Graph calling emulator listening.\n  HTTPS:          {Https}\n  HTTP:           {Http}\n  Graph base URL: {Graph}\n  Authority:      {Authority}\n  Data directory: {DataDirectory}\n  Certificate:    {Certificate} (SHA-1 {Thumbprint})\n  Softphone:      {Softphone}\nPress Ctrl+C to stop.")]
        public static partial void Started(ILogger logger, Uri https, string http, Uri graph, string authority, string dataDirectory, string certificate, string thumbprint, string softphone);

        [LoggerMessage(EventId = EmulatorEventIds.Application, EventName = nameof(EmulatorEventIds.Application), Level = LogLevel.Information, Message = "Registered app {AppId}, callback {CallbackUri}")]
        public static partial void Application(ILogger logger, string appId, string callbackUri);

        [LoggerMessage(EventId = EmulatorEventIds.InvalidSetting, EventName = nameof(EmulatorEventIds.InvalidSetting), Level = LogLevel.Error, Message = "{Error}")]
        public static partial void InvalidSetting(ILogger logger, string error);

        [LoggerMessage(EventId = EmulatorEventIds.Stopping, EventName = nameof(EmulatorEventIds.Stopping), Level = LogLevel.Information, Message = "Stopping.")]
        public static partial void Stopping(ILogger logger);
    }
}
