using CallingBot.Graph.Authentication;
using CallingBot.Graph.Configuration;
using CallingBot.Host.Callbacks;

namespace CallingBot.Host.LocalMode;

public static class LocalModeServiceCollectionExtensions
{
    /// <summary>Points the Graph adapter, MSAL and callback validation at the in-process emulator.</summary>
    public static IServiceCollection AddLocalMode(this IServiceCollection services, LocalEnvironment local)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(local);
        services.AddSingleton(local);
        var emulator = local.Emulator;
        services.PostConfigure<GraphCallingOptions>(o =>
        {
            o.AppId = local.Options.AppId;
            o.TenantId = local.Options.TenantId;
            o.ClientSecret = local.ClientSecret;
            o.CertificatePath = null;
            o.CertificateThumbprint = null;
            o.ServiceBaseUrl = emulator.GraphServiceBaseUrl;
            o.AuthorityHost = emulator.HttpsBaseAddress;
            o.ValidateAuthority = false;
        });
        services.PostConfigure<CallbackAuthenticationOptions>(o =>
        {
            o.Authorities =
            [
                new TokenAuthority
                {
                    Name = "emulator",
                    MetadataUrl = new Uri(emulator.HttpsBaseAddress, "common/v2.0/.well-known/openid-configuration"),
                    IssuerPrefixes = [emulator.HttpsBaseAddress.AbsoluteUri],
                    RequireTrustedCaller = true,
                },
            ];
        });
        foreach (var name in new[] { GraphHttpClients.Graph, GraphHttpClients.Identity, CallbackTokenValidator.MetadataHttpClient })
        {
            services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(emulator.CreateTrustingHandler);
        }

        return services;
    }
}
