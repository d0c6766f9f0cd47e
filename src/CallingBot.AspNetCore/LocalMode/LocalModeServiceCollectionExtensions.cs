#if CALLINGBOT_EMULATOR
using CallingBot.AspNetCore.Callbacks;
using CallingBot.AspNetCore.Logging;
using CallingBot.Graph.Authentication;
using CallingBot.Graph.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.LocalMode;

internal static class LocalModeServiceCollectionExtensions
{
    /// <summary>The bot's own listener in local mode when no URL is configured.</summary>
    public const string DefaultUrl = "https://127.0.0.1:9443";

    /// <summary>
    /// Local mode: the in-process emulator (started when first resolved, see <see cref="LocalEnvironment.Start"/>), the
    /// bot's https listener on its certificate, and the Graph adapter, MSAL and callback validation pointed at it.
    /// Everything that needs the emulator resolves it, so whichever comes first while the host starts (the hosted
    /// services, options validation, Kestrel's certificate, the Graph client's handlers) starts it, and all see it started.
    /// </summary>
    public static WebApplicationBuilder AddCallingBotLocalMode(this WebApplicationBuilder builder, Serilog.ILogger serilog)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(serilog);
        var services = builder.Services;
        services.AddOptions<LocalModeOptions>().Bind(builder.Configuration.GetSection(LocalModeOptions.SectionName));
        services.AddSingleton(sp => LocalEnvironment.Start(
            sp.GetRequiredService<IOptions<LocalModeOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>().ContentRootPath,
            LoggerFactory.Create(logging => logging.AddCallingBotSerilog(serilog, dispose: false))));

        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        services.AddOptions<KestrelServerOptions>().Configure<LocalEnvironment>((kestrel, local) =>
            kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = local.Emulator.TlsCertificate));
        services.AddOptions<GraphCallingOptions>().PostConfigure<LocalEnvironment>((o, local) =>
        {
            o.AppId = local.Options.AppId;
            o.TenantId = local.Options.TenantId;
            o.ClientSecret = local.ClientSecret;
            o.CertificatePath = null;
            o.CertificateThumbprint = null;
            o.ServiceBaseUrl = local.Emulator.GraphServiceBaseUrl;
            o.AuthorityHost = local.Emulator.HttpsBaseAddress;
            o.ValidateAuthority = false;
        });
        services.AddOptions<CallbackAuthenticationOptions>().PostConfigure<LocalEnvironment>((o, local) =>
        {
            o.Authorities =
            [
                new TokenAuthority
                {
                    Name = "emulator",
                    MetadataUrl = new Uri(local.Emulator.HttpsBaseAddress, "common/v2.0/.well-known/openid-configuration"),
                    IssuerPrefixes = [local.Emulator.HttpsBaseAddress.AbsoluteUri],
                    RequireTrustedCaller = true,
                },
            ];
        });
        foreach (var name in new[] { GraphHttpClients.Graph, GraphHttpClients.Identity, CallbackTokenValidator.MetadataHttpClient })
        {
            services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<LocalEnvironment>().Emulator.CreateTrustingHandler());
        }

        return builder;
    }
}
#endif
