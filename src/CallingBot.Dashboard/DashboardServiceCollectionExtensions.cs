using CallingBot.Dashboard.Access;
using CallingBot.Dashboard.Configuration;
using CallingBot.Dashboard.Live;
using CallingBot.Dashboard.Metrics;
using CallingBot.Dashboard.Timeline;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallingBot.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// Registers the dashboard: <see cref="DashboardOptions"/> (section <c>CallingBot:Dashboard</c>, validated at start),
    /// the span listener and timeline store, the chart aggregation, the live stream, and the session cookie scheme
    /// <see cref="DashboardAuthentication.Scheme"/>, which is added to the host's API policy
    /// (<see cref="DashboardAccessOptions.AuthorizationPolicy"/>) and authenticates only the dashboard and the read-only
    /// API paths. The host must register an <see cref="IDashboardCredentialValidator"/>.
    /// </summary>
    public static IServiceCollection AddCallingBotDashboard(this IServiceCollection services, IConfiguration configuration, Action<DashboardAccessOptions> configureAccess)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configureAccess);
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>());
        services.AddOptions<DashboardAccessOptions>().Configure(configureAccess).Validate(
            a => !string.IsNullOrWhiteSpace(a.AuthorizationPolicy),
            "The dashboard needs the API's authorization policy (DashboardAccessOptions.AuthorizationPolicy).");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CallTimelineStore>();
        services.TryAddSingleton<LiveBroadcaster>();
        services.TryAddSingleton<SignInRateLimiter>();
        services.TryAddSingleton<CallTimelineListener>();
        services.AddHostedService(sp => sp.GetRequiredService<CallTimelineListener>());
        services.TryAddSingleton<DashboardMetricsCollector>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardMetricsCollector>());

        services.AddAuthentication().AddCookie(DashboardAuthentication.Scheme, _ => { });
        services.AddOptions<CookieAuthenticationOptions>(DashboardAuthentication.Scheme)
            .Configure<IOptions<DashboardOptions>, IOptions<DashboardAccessOptions>>((cookie, dashboard, access) =>
            {
                cookie.Cookie.Name = DashboardAuthentication.CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.Path = "/";
                cookie.Cookie.IsEssential = true;
                cookie.ExpireTimeSpan = dashboard.Value.SessionIdleTimeout;
                cookie.SlidingExpiration = true;
                cookie.LoginPath = DashboardAuthentication.PathPrefix + "/signin";
                var paths = access.Value.ReadOnlyApiPaths.ToArray();
                cookie.Events = DashboardAuthentication.Events(_ => paths);
            });
        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().PostConfigure<IOptions<DashboardAccessOptions>>((authorization, access) =>
        {
            var name = access.Value.AuthorizationPolicy;
            if (authorization.GetPolicy(name) is not { } policy || policy.AuthenticationSchemes.Contains(DashboardAuthentication.Scheme))
            {
                return;
            }

            var withSession = new AuthorizationPolicyBuilder(policy).AddAuthenticationSchemes(DashboardAuthentication.Scheme).Build();
            if (ReferenceEquals(authorization.DefaultPolicy, policy))
            {
                authorization.DefaultPolicy = withSession;
            }

            authorization.AddPolicy(name, withSession);
        });
        return services;
    }
}
