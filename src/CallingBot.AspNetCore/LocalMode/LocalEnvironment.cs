#if CALLINGBOT_EMULATOR
using System.Security.Cryptography;
using CallingBot.Emulator;
using CallingBot.Emulator.Identity;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.LocalMode;

/// <summary>
/// The in-process emulator of local mode and the bot's registration with it. In an application, AddCallingBot registers
/// it as a singleton started when first resolved (while the host starts: its certificate, URLs and registration
/// configure Kestrel, the Graph adapter and callback validation); it stops after the drain and is disposed with the app.
/// </summary>
public sealed class LocalEnvironment : IAsyncDisposable, IDisposable
{
    private readonly ILoggerFactory? _loggerFactory;
    private int _disposed;

    private LocalEnvironment(GraphEmulator emulator, LocalModeOptions options, string clientSecret, ILoggerFactory? loggerFactory)
    {
        _loggerFactory = loggerFactory;
        Emulator = emulator;
        Options = options;
        ClientSecret = clientSecret;
    }

    public GraphEmulator Emulator { get; }

    public LocalModeOptions Options { get; }

    /// <summary>Generated for this run; never logged.</summary>
    internal string ClientSecret { get; }

    /// <param name="loggerFactory">Logs of the emulator; owned by the environment from here on and disposed with it.</param>
    public static async Task<LocalEnvironment> StartAsync(LocalModeOptions options, string contentRoot, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.EmulatorMaxEndedCalls is < 0 or > 100_000)
        {
            throw new OptionsValidationException(
                LocalModeOptions.SectionName,
                typeof(LocalModeOptions),
                [$"{LocalModeOptions.SectionName}:{nameof(LocalModeOptions.EmulatorMaxEndedCalls)} must be between 0 and 100000 (got {options.EmulatorMaxEndedCalls})."]);
        }

        var dataDirectory = string.IsNullOrWhiteSpace(options.EmulatorDataDirectory)
            ? null
            : Path.GetFullPath(options.EmulatorDataDirectory, contentRoot);
        var emulatorOptions = new EmulatorOptions
        {
            HttpsPort = options.EmulatorHttpsPort,
            HttpPort = options.EmulatorHttpPort,
            DataDirectory = dataDirectory,
            DefaultTenantId = options.TenantId,
            MaxEndedCalls = options.EmulatorMaxEndedCalls,
        };
        var emulator = await GraphEmulator.StartAsync(emulatorOptions, TimeProvider.System, loggerFactory, cancellationToken).ConfigureAwait(false);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        emulator.RegisterApplication(new EmulatedApplication
        {
            AppId = options.AppId,
            DisplayName = "CallingBot (local)",
            TenantId = options.TenantId,
            ClientSecret = secret,
        });
        return new LocalEnvironment(emulator, options, secret, loggerFactory);
    }

    /// <summary>
    /// Starts the emulator and waits for it: for the dependency-injection factory, which cannot await. The start runs on
    /// the thread pool, so it never needs the caller's synchronization context (an xunit test's, a UI's) to finish and
    /// cannot deadlock on it; the caller's thread only waits, once, while the host starts.
    /// </summary>
    internal static LocalEnvironment Start(LocalModeOptions options, string contentRoot, ILoggerFactory? loggerFactory)
    {
        try
        {
            return Task.Run(() => StartAsync(options, contentRoot, loggerFactory, CancellationToken.None)).GetAwaiter().GetResult();
        }
        catch
        {
            loggerFactory?.Dispose();
            throw;
        }
    }

    /// <summary>Tells the emulator where the bot receives notifications (its calling webhook).</summary>
    public void RegisterCallback(Uri callbackUrl) => Emulator.RegisterApplication(new EmulatedApplication
    {
        AppId = Options.AppId,
        DisplayName = "CallingBot (local)",
        TenantId = Options.TenantId,
        ClientSecret = ClientSecret,
        CallbackUri = callbackUrl,
    });

    /// <summary>Stops the emulator. The host stops it after the drain; disposing the app stops it if the host never ran.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Emulator.DisposeAsync().ConfigureAwait(false);
        _loggerFactory?.Dispose();
    }

    /// <summary>For a container disposed synchronously; the stop runs on the thread pool, as the start does.</summary>
    public void Dispose() => Task.Run(() => DisposeAsync().AsTask()).GetAwaiter().GetResult();
}
#endif
