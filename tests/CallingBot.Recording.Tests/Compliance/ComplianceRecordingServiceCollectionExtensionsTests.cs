using CallingBot.Recording.Compliance;
using CallingBot.Recording.Storage;
using CallingBot.Recording.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallingBot.Recording.Tests.Compliance;

public sealed class ComplianceRecordingServiceCollectionExtensionsTests
{
    [Fact]
    public void AddComplianceRecording_Configuration_BindsTheRecordingSectionAndStoresInItsDirectory()
    {
        using var directory = new TemporaryDirectory();
        using var services = Build(new()
        {
            ["CallingBot:Recording:Directory"] = directory.Path,
            ["CallingBot:Recording:ParticipantCapacity"] = "7",
            ["CallingBot:Recording:FailurePolicy"] = "RetryThenHangUp",
        });

        var factory = services.GetRequiredService<ComplianceRecordingHandlerFactory>();
        var options = services.GetRequiredService<IOptions<ComplianceRecordingOptions>>().Value;

        Assert.Equal(7, factory.ParticipantCapacity);
        Assert.Equal(RecordingFailurePolicy.RetryThenHangUp, options.FailurePolicy);
        Assert.Equal(directory.Path, Assert.IsType<FileSystemRecordingStorage>(services.GetRequiredService<IRecordingStorage>()).Directory);
        Assert.NotSame(factory.CreateHandler(), factory.CreateHandler());
    }

    [Fact]
    public void AddComplianceRecording_InvalidSettings_ValidationNamesEachSetting()
    {
        using var services = Build(new()
        {
            ["CallingBot:Recording:ParticipantCapacity"] = "0",
            ["CallingBot:Recording:MaxStorageRetries"] = "500",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ComplianceRecordingOptions>>().Value);

        Assert.Contains(failure.Failures, f => f.StartsWith("CallingBot:Recording:ParticipantCapacity ", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("CallingBot:Recording:MaxStorageRetries ", StringComparison.Ordinal));
    }

    [Fact]
    public void AddComplianceRecording_StorageAlreadyRegistered_KeepsIt()
    {
        var storage = new FailingRecordingStorage(new FileSystemRecordingStorage(Path.GetTempPath()));
        using var services = Build(new(), s => s.AddSingleton<IRecordingStorage>(storage));

        Assert.Same(storage, services.GetRequiredService<IRecordingStorage>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? before = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        before?.Invoke(services);
        services.AddComplianceRecording();
        return services.BuildServiceProvider();
    }
}
