using CallingBot.Core.Routing;
using CallingBot.Recording.Compliance;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplianceRecorder;

public static class ComplianceRecorderServiceCollectionExtensions
{
    /// <summary>
    /// The whole sample: compliance recording from <c>CallingBot:Recording</c> and the router that answers recording
    /// invitations with it (replacing the host's default router).
    /// </summary>
    public static IServiceCollection AddComplianceRecorder(this IServiceCollection services, Action<ComplianceRecordingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddComplianceRecording(configure);
        services.Replace(ServiceDescriptor.Singleton<IIncomingCallRouter, ComplianceRecorderRouter>());
        return services;
    }
}
