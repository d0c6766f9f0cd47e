using System.Security.Cryptography;
using CallingBot.Emulator;
using CallingBot.Emulator.Identity;
using Microsoft.Extensions.Options;

namespace CallingBot.Host.LocalMode;

/// <summary>
/// The in-process emulator of local mode and the bot's registration with it. Started before the host is built so its
/// certificate and URLs can configure Kestrel and the Graph adapter.
/// </summary>
public sealed class LocalEnvironment : IAsyncDisposable
{
    private readonly ILoggerFactory? _loggerFactory;

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

    /// <summary>Tells the emulator where the bot receives notifications (its calling webhook).</summary>
    public void RegisterCallback(Uri callbackUrl) => Emulator.RegisterApplication(new EmulatedApplication
    {
        AppId = Options.AppId,
        DisplayName = "CallingBot (local)",
        TenantId = Options.TenantId,
        ClientSecret = ClientSecret,
        CallbackUri = callbackUrl,
    });

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync().ConfigureAwait(false);
        _loggerFactory?.Dispose();
    }
}
