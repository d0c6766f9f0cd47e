using CallingBot.Graph.Configuration;
using CallingBot.AspNetCore.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CallingBot.AspNetCore.ApiAccess;

internal static class ApiAccessServiceCollectionExtensions
{
    /// <summary>
    /// Registers the operator API's authentication (API key in local mode, Entra bearer tokens in real mode), its
    /// <see cref="ApiAuthorization.PolicyName"/> policy and <see cref="ApiSecurityOptions"/> (validated at start).
    /// </summary>
    public static IServiceCollection AddCallingBotApiAccess(this IServiceCollection services, IConfiguration configuration, HostMode mode)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ApiSecurityOptions>().Bind(configuration.GetSection(ApiSecurityOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiSecurityOptions>>(new ApiSecurityOptionsValidator(mode));
        services.TryAddSingleton<IAuthorizationMiddlewareResultHandler, ProblemDetailsAuthorizationResultHandler>();

        var scheme = mode == HostMode.Real ? ApiAuthorization.BearerScheme : ApiAuthorization.ApiKeyScheme;
        var authentication = services.AddAuthentication(o =>
        {
            // No request is authenticated before an endpoint asks: the API's policy names its scheme. As the default
            // scheme (or the only one registered), the API's scheme would run on every request that carries a bearer
            // token, Graph's notifications included, and each would wait for the API authority's metadata (seconds
            // when it cannot be reached) before the webhook even saw it.
            o.DefaultAuthenticateScheme = UnauthenticatedHandler.SchemeName;
            o.DefaultChallengeScheme = scheme;
            o.DefaultForbidScheme = scheme;
        });
        authentication.AddScheme<AuthenticationSchemeOptions, UnauthenticatedHandler>(UnauthenticatedHandler.SchemeName, _ => { });
        if (mode == HostMode.Real)
        {
            authentication.AddJwtBearer(ApiAuthorization.BearerScheme, _ => { });
            services.AddHttpClient(ApiAuthorization.MetadataHttpClient, client => client.Timeout = TimeSpan.FromSeconds(10));
            services.AddOptions<JwtBearerOptions>(ApiAuthorization.BearerScheme)
                .Configure<IOptions<ApiSecurityOptions>, IOptions<GraphCallingOptions>, IHttpClientFactory>((jwt, api, graph, clients) =>
                {
                    ConfigureBearer(jwt, api.Value, graph.Value);
                    jwt.Backchannel = clients.CreateClient(ApiAuthorization.MetadataHttpClient);
                });
        }
        else
        {
            services.TryAddSingleton<ApiKeyStore>();
            authentication.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiAuthorization.ApiKeyScheme, _ => { });
            services.AddHostedService<LocalApiKeyAnnouncer>();
        }

        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<ApiSecurityOptions>>((authorization, api) =>
        {
            var builder = new AuthorizationPolicyBuilder(scheme).RequireAuthenticatedUser();
            if (mode == HostMode.Real)
            {
                builder.AddRequirements(new ApiAccessRequirement(api.Value.EffectiveRoles, api.Value.EffectiveScopes));
            }

            var policy = builder.Build();
            authorization.AddPolicy(ApiAuthorization.PolicyName, policy);
            authorization.DefaultPolicy = policy;
        });
        return services;
    }

    /// <summary>Adds the API's authorization and request guard (after routing, before endpoints).</summary>
    public static WebApplication UseCallingBotApiAccess(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthorization();
        app.UseMiddleware<ApiRequestGuardMiddleware>();
        return app;
    }

    private static void ConfigureBearer(JwtBearerOptions jwt, ApiSecurityOptions api, GraphCallingOptions graph)
    {
        var tenant = graph.TenantId;
        jwt.Authority = (api.Authority ?? new Uri($"https://login.microsoftonline.com/{tenant}/v2.0")).AbsoluteUri;
        jwt.RequireHttpsMetadata = true;
        jwt.MapInboundClaims = false;
        jwt.SaveToken = false;
        jwt.IncludeErrorDetails = false;
        var parameters = jwt.TokenValidationParameters;
        parameters.ValidAudiences = api.Audiences.Count > 0 ? api.Audiences : [$"api://{graph.AppId}", graph.AppId ?? string.Empty];
        parameters.ValidateAudience = true;
        parameters.ValidateIssuer = true;
        if (api.ValidIssuers.Count > 0)
        {
            parameters.ValidIssuers = api.ValidIssuers;
        }
        else if (api.Authority is null)
        {
            parameters.ValidIssuers = [$"https://login.microsoftonline.com/{tenant}/v2.0", $"https://sts.windows.net/{tenant}/"];
        }

        parameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256];
        parameters.RequireExpirationTime = true;
        parameters.RequireSignedTokens = true;
        parameters.ClockSkew = TimeSpan.FromMinutes(2);
        parameters.NameClaimType = "name";
        parameters.RoleClaimType = "roles";
    }
}
