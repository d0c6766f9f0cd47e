using System.Net;
using System.Security.Cryptography.X509Certificates;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Calls.Api;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Hosting;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Identity;
using CallingBot.Emulator.Media;
using CallingBot.Emulator.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallingBot.Emulator;

/// <summary>
/// A running emulator of the Microsoft Graph calling service and the Entra token service in front of it.
/// Start it with <see cref="StartAsync"/>; dispose it to stop its listeners.
/// </summary>
public sealed class GraphEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SigningKey _signingKey;
    private readonly NotificationDispatcher _dispatcher;
    private readonly CallRegistry _calls;
    private readonly HttpClient _deliveryClient;
    private readonly ApplicationRegistry _apps;
    private MediaStreamManager? _media;
    private Softphone.SoftphoneRelay? _softphone;
    private int _disposed;

    private GraphEmulator(WebApplication app, X509Certificate2 certificate, SigningKey signingKey, NotificationDispatcher dispatcher, CallRegistry calls, HttpClient deliveryClient, ApplicationRegistry apps, EmulatorControl control, EmulatorOptions options)
    {
        _app = app;
        TlsCertificate = certificate;
        _signingKey = signingKey;
        _dispatcher = dispatcher;
        _calls = calls;
        _deliveryClient = deliveryClient;
        _apps = apps;
        Control = control;
        Options = options;
    }

    /// <summary>Base address of the HTTPS listener, e.g. <c>https://127.0.0.1:54321/</c>.</summary>
    public Uri HttpsBaseAddress { get; private set; } = null!;

    /// <summary>Base address of the plain HTTP listener, or null when it is disabled.</summary>
    public Uri? HttpBaseAddress { get; private set; }

    /// <summary>The Graph service root the Communications SDK's <c>SetServiceBaseUrl</c> takes, e.g. <c>https://127.0.0.1:54321/v1.0</c>.</summary>
    public Uri GraphServiceBaseUrl => new(HttpsBaseAddress, "v1.0");

    /// <summary>The certificate clients must trust; it covers localhost, 127.0.0.1 and ::1.</summary>
    public X509Certificate2 TlsCertificate { get; }

    /// <summary>In-process control of scenarios (the same operations as the REST control API).</summary>
    public EmulatorControl Control { get; }

    /// <summary>The in-process control of the emulated Azure Communication Services resource.</summary>
    public Acs.AcsEmulatorControl AcsControl { get; private init; } = null!;

    /// <summary>The options the emulator runs with.</summary>
    public EmulatorOptions Options { get; }

    /// <summary>The softphone page (<c>{https}/emulator/softphone/</c>), served when <see cref="Softphone.SoftphoneOptions.Enabled"/>.</summary>
    public Uri SoftphoneAddress => new(HttpsBaseAddress, "emulator/softphone/");

    /// <summary>The softphone's audio relay; null when the page is disabled.</summary>
    internal Softphone.SoftphoneRelay? SoftphoneRelay => _softphone;

    /// <summary>The authority MSAL takes for <paramref name="tenantId"/>: <c>https://127.0.0.1:54321/{tenantId}</c>.</summary>
    public string GetAuthority(string tenantId) => new Uri(HttpsBaseAddress, Uri.EscapeDataString(tenantId)).ToString();

    /// <summary>The issuer of the notification tokens for <paramref name="tenantId"/>: <c>{authority}/v2.0</c>.</summary>
    public string GetIssuer(string tenantId) => GetAuthority(tenantId) + "/v2.0";

    /// <summary>A handler that trusts exactly the emulator's certificate (plus normal system trust). The caller owns it.</summary>
    public HttpMessageHandler CreateTrustingHandler() => TrustingHandlerFactory.Create(TlsCertificate, allowAutoRedirect: true);

    /// <summary>
    /// Adds or replaces an application registration at runtime. This is the owner's own call (the bot's local mode
    /// registers its callback this way), so a replacement needs no flag; the control API's registration does.
    /// </summary>
    public void RegisterApplication(EmulatedApplication app) => _apps.RegisterByOwner(app);

    /// <summary>Starts the listeners. The returned emulator must be disposed.</summary>
    public static async Task<GraphEmulator> StartAsync(EmulatorOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid emulator options: " + string.Join(" ", errors), nameof(options));
        }

        var time = timeProvider ?? TimeProvider.System;
        var loggers = loggerFactory ?? NullLoggerFactory.Instance;
        if (options.DataDirectory is not null)
        {
            PrivateFile.CreateDirectory(options.DataDirectory);
        }

        var certificate = TlsCertificateFactory.LoadOrCreate(options.DataDirectory, TimeProvider.System);
        var signingKey = SigningKey.LoadOrCreate(options.DataDirectory);
        var apps = new ApplicationRegistry(options.AllowHttpCallbacks, new Logger<ApplicationRegistry>(loggers));
        foreach (var app in options.Applications)
        {
            apps.Register(app, replace: false);
        }

        var directory = new DirectoryService(options);
        var tokens = new TokenService(signingKey, time, options);
        var deliveryClient = new HttpClient(TrustingHandlerFactory.Create(certificate, allowAutoRedirect: false, options.MaxConnectionsPerCallbackHost)) { Timeout = Timeout.InfiniteTimeSpan };
        var dispatcher = new NotificationDispatcher(deliveryClient, tokens, options, time, new Logger<NotificationDispatcher>(loggers));
        var calls = new CallRegistry(options, time, dispatcher, apps, directory, new Logger<CallRegistry>(loggers));
        var placer = new IncomingCallPlacer(calls);
        var control = new EmulatorControl(calls, placer, new RemoteActions(calls, placer), dispatcher);
        var pipeline = new GraphPipeline(tokens, calls, options, time, new Logger<GraphPipeline>(loggers));
        var identity = new IdentityEndpoints(apps, tokens, new ClientAssertionValidator(time), signingKey, options, new Logger<IdentityEndpoints>(loggers));
        var callsEndpoints = new CallsEndpoints(pipeline, calls);
        var controlEndpoints = new ControlEndpoints(control, new Logger<ControlEndpoints>(loggers));
        var media = new MediaStreamManager(certificate, time, loggers) { Exists = calls.Holds };
        calls.CallChanged += media.OnCallChanged;
        calls.CallForgotten += media.Forget;
        calls.CallForgotten += calls.Environment.Ringing.Forget;
        control.Media = new EmulatorMediaControl(media);
        var softphone = options.Softphone.Enabled ? new Softphone.SoftphoneRelay(options.Softphone, time, new Logger<Softphone.SoftphoneRelay>(loggers)) : null;
        var prompts = new Softphone.PromptDirectoryList(options.Softphone.PromptDirectories);
        control.Prompts = prompts;
        if (softphone is not null)
        {
            media.Browser = softphone;
            calls.CallChanged += softphone.OnCallChanged;
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(GraphEmulator).Assembly.GetName().Name });
        builder.Services.AddLogging();
        builder.Services.AddSingleton(loggers);

        // The emulator stops when its owner disposes it, never on its own when the process receives Ctrl+C or
        // SIGTERM: an in-process host must be able to drain its calls against it first.
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, Hosting.OwnerControlledLifetime>();
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            var address = IPAddress.Parse(options.BindAddress);
            kestrel.Listen(address, options.HttpsPort, listen => listen.UseHttps(certificate));
            if (options.HttpPort is { } httpPort)
            {
                kestrel.Listen(address, httpPort);
            }
        });

        var web = builder.Build();
        var hostNames = new HostNames(options);
        var guard = new RequestGuard(hostNames, time, new Logger<RequestGuard>(loggers));
        web.Use(guard.InvokeAsync);
        web.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        identity.Map(web);
        callsEndpoints.Map(web);
        controlEndpoints.Map(web);
        new MediaControlEndpoints(control.Media).Map(web);
        if (softphone is not null)
        {
            new Softphone.SoftphoneEndpoints(calls, softphone, prompts, hostNames, new Logger<Softphone.SoftphoneEndpoints>(loggers)).Map(web);
        }
        var acs = Acs.AcsEndpoints.Map(web, options, time, loggers, deliveryClient, signingKey, media);
        media.Exists = (id, participant) => calls.Holds(id, participant) || (participant is null && acs.Holds(id));

        // "{**path}" rather than MapFallback's default "{*path:nonfile}": a last segment with a dot (an action's
        // qualified name, microsoft.graph.playPrompt) is not a file here.
        web.MapFallback("{**path}", context => WriteNotFoundAsync(context, time));

        var emulator = new GraphEmulator(web, certificate, signingKey, dispatcher, calls, deliveryClient, apps, control, options) { _media = media, _softphone = softphone, AcsControl = acs.Control };
        try
        {
            await web.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var addresses = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        foreach (var address in addresses)
        {
            var uri = new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
            var normalized = new Uri($"{uri.Scheme}://{uri.Authority}/");
            if (uri.Scheme == Uri.UriSchemeHttps)
            {
                emulator.HttpsBaseAddress = normalized;
            }
            else
            {
                emulator.HttpBaseAddress = normalized;
            }
        }

        tokens.AuthorityBase = emulator.HttpsBaseAddress.ToString().TrimEnd('/');
        acs.PublicBaseAddress = emulator.HttpsBaseAddress;
        controlEndpoints.CertificateProvider = () => certificate.RawData;
        controlEndpoints.InfoProvider = emulator.Describe;
        calls.PublicBaseAddress = emulator.HttpsBaseAddress;

        // Notifications are signed with the issuer of the listening address: deliver only now that it is known.
        dispatcher.Start();
        return emulator;
    }

    private System.Text.Json.Nodes.JsonObject Describe() => new()
    {
        ["httpsBaseAddress"] = HttpsBaseAddress.ToString(),
        ["httpBaseAddress"] = HttpBaseAddress?.ToString(),
        ["graphServiceBaseUrl"] = GraphServiceBaseUrl.ToString(),
        ["defaultTenantId"] = Options.DefaultTenantId,
        ["authority"] = GetAuthority(Options.DefaultTenantId),
        ["issuer"] = GetIssuer(Options.DefaultTenantId),
        ["callingServiceAppId"] = Options.CallingServiceAppId,
        ["certificateThumbprint"] = TlsCertificate.Thumbprint,
        ["dataDirectory"] = Options.DataDirectory,
        ["openApi"] = new Uri(HttpsBaseAddress, "emulator/openapi.json").ToString(),
        ["softphone"] = Options.Softphone.Enabled ? SoftphoneAddress.ToString() : null,
    };

    /// <summary>A path no endpoint serves (an unknown segment or action): 404 with Graph's error body, naming the segment.</summary>
    private static Task WriteNotFoundAsync(HttpContext context, TimeProvider time)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers["request-id"] = requestId;
        var segment = UnknownSegment.Of(context.Request.Path);
        var body = GraphError.Body(GraphError.ResourceNotFound, $"Resource not found for the segment '{segment}'.", requestId, time.GetUtcNow());
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Pages' audio sockets close first (with a reason), so stopping the listeners does not wait for them.
        if (_softphone is not null)
        {
            await _softphone.DisposeAsync().ConfigureAwait(false);
        }

        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (_media is not null)
        {
            await _media.DisposeAsync().ConfigureAwait(false);
        }

        _calls.Dispose();
        await _dispatcher.DisposeAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _deliveryClient.Dispose();
        _signingKey.Dispose();
        TlsCertificate.Dispose();
    }
}
