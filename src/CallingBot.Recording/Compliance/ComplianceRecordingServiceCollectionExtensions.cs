using System.Diagnostics.Metrics;
using CallingBot.Recording.Diagnostics;
using CallingBot.Recording.Storage;
using CallingBot.Recording.Upload;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallingBot.Recording.Compliance;

public static class ComplianceRecordingServiceCollectionExtensions
{
    /// <summary>
    /// Registers policy-based compliance recording: <see cref="ComplianceRecordingOptions"/> bound from the
    /// <c>CallingBot:Recording</c> configuration section (then <paramref name="configure"/>) and validated at start,
    /// file-system storage in <see cref="ComplianceRecordingOptions.Directory"/> unless an <see cref="IRecordingStorage"/>
    /// is registered, the <see cref="RecordingMetrics"/> (meter <c>CallingBot.Recording</c>), and the
    /// <see cref="ComplianceRecordingHandlerFactory"/> a router answers recording invitations with, and, at start, the
    /// finalization of the recordings a killed process left unfinished in the file-system storage
    /// (<see cref="UnfinishedRecordings"/>). With <c>CallingBot:Recording:Storage</c> <c>AzureBlob</c>, a hosted service
    /// uploads every committed recording to the container and verifies it (its status in <see cref="RecordingUploadMonitor"/>),
    /// and deletes local copies as <c>CallingBot:Recording:Retention</c> says.
    /// </summary>
    public static IServiceCollection AddComplianceRecording(this IServiceCollection services, Action<ComplianceRecordingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ComplianceRecordingOptions>().BindConfiguration(ComplianceRecordingOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ComplianceRecordingOptions>, ComplianceRecordingOptionsValidator>());
        services.TryAddSingleton<UploadSignal>();
        services.TryAddSingleton<IRecordingStorage>(sp =>
        {
            var signal = sp.GetRequiredService<UploadSignal>();
            return new FileSystemRecordingStorage(
                sp.GetRequiredService<IOptions<ComplianceRecordingOptions>>().Value.Directory,
                name =>
                {
                    if (name.EndsWith(".json", StringComparison.Ordinal))
                    {
                        signal.Set();
                    }
                });
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new RecordingMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<ComplianceRecordingHandlerFactory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, UnfinishedRecordingsService>());
        services.TryAddSingleton<RecordingUploadMonitor>();
        services.TryAddSingleton(_ => new RecordingBlobContainerFactory());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, RecordingUploader>());
        return services;
    }
}
