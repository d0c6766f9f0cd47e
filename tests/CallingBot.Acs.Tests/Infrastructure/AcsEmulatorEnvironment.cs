using CallingBot.Acs.Calling;
using CallingBot.Acs.Configuration;
using CallingBot.Acs.Signing;
using CallingBot.Emulator;
using CallingBot.Emulator.Acs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallingBot.Acs.Tests.Infrastructure;

/// <summary>An in-process emulator on dynamic HTTPS/HTTP ports with a known ACS access key, and clients for it.</summary>
public sealed class AcsEmulatorEnvironment : IAsyncDisposable
{
    public const string AccessKey = "dGVzdCBrZXkgZm9yIHRoZSBBQ1MgZW11bGF0b3IgdGVzdHM=";

    private readonly List<IDisposable> _owned = [];

    private AcsEmulatorEnvironment(GraphEmulator emulator)
    {
        Emulator = emulator;
    }

    public GraphEmulator Emulator { get; }

    public Uri Endpoint => Emulator.HttpsBaseAddress;

    public static async Task<AcsEmulatorEnvironment> StartAsync(bool autoConnect = true)
    {
        var options = new EmulatorOptions { HttpsPort = 0, HttpPort = 0, MaxDeliveryAttempts = 1 };
        AcsEmulatorOptions.AttachTo(options, new AcsEmulatorOptions { AccessKey = AccessKey, AutoConnect = autoConnect });
        return new AcsEmulatorEnvironment(await GraphEmulator.StartAsync(options));
    }

    public AcsOptions CreateOptions(Uri? callback = null, string accessKey = AccessKey) => new()
    {
        ConnectionString = $"endpoint={Endpoint.AbsoluteUri};accesskey={accessKey}",
        CallbackUrl = callback ?? new Uri("https://app.contoso.com/callback"),
        SourceUserId = "8:acs:b9614373-fd0b-480c-8fd2-cb58b70eab9f_da7be3a9-8788-42a6-85c6-56b2cf784fce",
        CallerIdNumber = "+18440123456",
        RetryDelay = TimeSpan.Zero,
    };

    /// <summary>A signing HttpClient: signer → <paramref name="inner"/> (optional) → the emulator's trusting handler.</summary>
    public HttpClient CreateSignedHttpClient(string accessKey = AccessKey, DelegatingHandler? inner = null)
    {
        var signer = new AcsRequestSigner(accessKey);
        _owned.Add(signer);
        HttpMessageHandler transport = Emulator.CreateTrustingHandler();
        if (inner is not null)
        {
            inner.InnerHandler = transport;
            transport = inner;
        }

        var client = new HttpClient(new AcsHmacAuthenticationHandler(signer, TimeProvider.System) { InnerHandler = transport }) { BaseAddress = Endpoint };
        _owned.Add(client);
        return client;
    }

    public AcsCallAutomationClient CreateClient(AcsOptions options, DelegatingHandler? inner = null) =>
        new(CreateSignedHttpClient(options.ResolveAccessKey()!, inner), Options.Create(options), TimeProvider.System, NullLogger<AcsCallAutomationClient>.Instance);

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        await Emulator.DisposeAsync();
    }
}
