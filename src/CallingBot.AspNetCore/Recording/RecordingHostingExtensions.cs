using CallingBot.Core.Routing;
using CallingBot.Recording.Compliance;
using CallingBot.Recording.Upload;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Recording;

/// <summary>Compliance recording as a setting of the service (<c>CallingBot:Recording</c>, docs/recording.md).</summary>
internal static class RecordingHostingExtensions
{
    /// <summary>
    /// With <c>CallingBot:Recording:Enabled</c> true: registers compliance recording (options validated at start, the
    /// local writer, the upload to Azure Blob Storage when configured) and puts the <see cref="ComplianceRecordingRouter"/>
    /// in front of the router the application chose, which keeps every call that is not a recording invitation. Whenever
    /// recording is registered (by this setting or by the application), adds the <c>recording</c> health check. Runs
    /// after the application picked its router; returns whether recording is enabled (a router picked later is then
    /// put behind the recording router too, <see cref="CallingBotBuilder"/>).
    /// </summary>
    public static bool AddCallingBotRecording(this IServiceCollection services, IConfiguration configuration)
    {
        var enabledKey = ComplianceRecordingOptions.SectionName + ":" + nameof(ComplianceRecordingOptions.Enabled);
        var enabled = configuration.GetValue<bool>(enabledKey);
        if (enabled)
        {
            services.AddComplianceRecording(options => options.Enabled = true);
            services.PutRecordingRouterInFront();
        }

        if (services.Any(d => d.ServiceType == typeof(RecordingUploadMonitor)))
        {
            services.AddHealthChecks().AddCheck<RecordingHealthCheck>("recording");
        }

        return enabled;
    }

    /// <summary>Replaces the application's router registration with the recording router, which hands it every ordinary call.</summary>
    public static void PutRecordingRouterInFront(this IServiceCollection services)
    {
        var application = services.LastOrDefault(d => d.ServiceType == typeof(IIncomingCallRouter) && !d.IsKeyedService);
        if (application is not null)
        {
            services.Remove(application);
        }

        services.AddSingleton<IIncomingCallRouter>(sp => new ComplianceRecordingRouter(
            sp.GetRequiredService<ComplianceRecordingHandlerFactory>(),
            sp.GetRequiredService<IOptions<ComplianceRecordingOptions>>(),
            sp.GetRequiredService<ILogger<ComplianceRecordingRouter>>(),
            application is null ? null : Create(application, sp)));
    }

    private static IIncomingCallRouter Create(ServiceDescriptor descriptor, IServiceProvider services) =>
        (IIncomingCallRouter)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
