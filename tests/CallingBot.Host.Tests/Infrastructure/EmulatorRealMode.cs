using CallingBot.Emulator;
using CallingBot.Graph.Authentication;
using CallingBot.Graph.Configuration;
using CallingBot.AspNetCore.Callbacks;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Testing.Hosting;

/// <summary>
/// Points a bot host in real mode at a standalone emulator, as at Graph: the Graph and token endpoints, the
/// emulator's signing authority for callbacks, and HTTP clients that trust the emulator's certificate. Shared by the
/// test projects that run the real host against an emulator (linked source).
/// </summary>
public static class EmulatorRealMode
{
    public static IServiceCollection UseEmulatorAsGraph(this IServiceCollection services, GraphEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(emulator);
        services.PostConfigure<GraphCallingOptions>(o =>
        {
            o.ServiceBaseUrl = emulator.GraphServiceBaseUrl;
            o.AuthorityHost = emulator.HttpsBaseAddress;
            o.ValidateAuthority = false;
        });
        services.PostConfigure<CallbackAuthenticationOptions>(o => o.Authorities =
        [
            new TokenAuthority
            {
                Name = "emulator",
                MetadataUrl = new Uri(emulator.HttpsBaseAddress, "common/v2.0/.well-known/openid-configuration"),
                IssuerPrefixes = [emulator.HttpsBaseAddress.AbsoluteUri],
                RequireTrustedCaller = true,
            },
        ]);
        foreach (var name in new[] { GraphHttpClients.Graph, GraphHttpClients.Identity, CallbackTokenValidator.MetadataHttpClient })
        {
            services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(emulator.CreateTrustingHandler);
        }

        return services;
    }
}
