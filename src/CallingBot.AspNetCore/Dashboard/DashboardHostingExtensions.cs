using CallingBot.Dashboard;
using CallingBot.Dashboard.Access;
using CallingBot.AspNetCore.ApiAccess;
using CallingBot.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallingBot.AspNetCore.Dashboard;

internal static class DashboardHostingExtensions
{
    /// <summary>
    /// Adds the operator dashboard behind the API's protection: its sign-in takes the API's credential and its sessions
    /// must satisfy <see cref="ApiAuthorization.PolicyName"/>.
    /// </summary>
    public static IServiceCollection AddCallingBotHostDashboard(this IServiceCollection services, IConfiguration configuration, HostMode mode)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IDashboardCredentialValidator>(sp => new DashboardCredentialValidator(mode, sp));
        return services.AddCallingBotDashboard(configuration, access => access.AuthorizationPolicy = ApiAuthorization.PolicyName);
    }
}
