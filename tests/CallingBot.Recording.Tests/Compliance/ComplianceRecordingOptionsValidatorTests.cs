using CallingBot.Recording.Compliance;
using CallingBot.Recording.Storage;
using CallingBot.Recording.Upload;

namespace CallingBot.Recording.Tests.Compliance;

public sealed class ComplianceRecordingOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new ComplianceRecordingOptionsValidator().Validate(null, new ComplianceRecordingOptions());

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_EverySettingBad_NamesEachSetting()
    {
        var options = new ComplianceRecordingOptions
        {
            Directory = " ",
            ParticipantCapacity = 0,
            FlushInterval = TimeSpan.Zero,
            FailurePolicy = (RecordingFailurePolicy)42,
            MaxStorageRetries = 0,
            MaxParticipantTracks = 0,
        };

        var result = new ComplianceRecordingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToArray();
        Assert.Equal(6, failures.Length);
        Assert.StartsWith("CallingBot:Recording:Directory ", failures[0], StringComparison.Ordinal);
        Assert.StartsWith("CallingBot:Recording:ParticipantCapacity ", failures[1], StringComparison.Ordinal);
        Assert.StartsWith("CallingBot:Recording:FlushInterval ", failures[2], StringComparison.Ordinal);
        Assert.StartsWith("CallingBot:Recording:FailurePolicy ", failures[3], StringComparison.Ordinal);
        Assert.StartsWith("CallingBot:Recording:MaxStorageRetries ", failures[4], StringComparison.Ordinal);
        Assert.StartsWith("CallingBot:Recording:MaxParticipantTracks ", failures[5], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    public void Validate_MaxParticipantTracks_OneTo1000(int value, bool valid)
    {
        var result = new ComplianceRecordingOptionsValidator().Validate(null, new ComplianceRecordingOptions { MaxParticipantTracks = value });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Equal($"CallingBot:Recording:MaxParticipantTracks must be between 1 and 1000 (was {value}).", Assert.Single(result.Failures!));
        }
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(16 * 1024 * 1024, true)]
    [InlineData(16 * 1024 * 1024 + 1, false)]
    public void Validate_MetadataReserveBytes_ZeroTo16MiB(int value, bool valid)
    {
        var result = new ComplianceRecordingOptionsValidator().Validate(null, new ComplianceRecordingOptions { MetadataReserveBytes = value });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Equal($"CallingBot:Recording:MetadataReserveBytes must be between 0 and 16777216 (was {value}).", Assert.Single(result.Failures!));
        }
    }

    [Fact]
    public void Validate_MetadataFallbackDirectoryIsTheRecordingDirectory_NamesBoth()
    {
        var result = new ComplianceRecordingOptionsValidator().Validate(null, new ComplianceRecordingOptions { Directory = "recordings", MetadataFallbackDirectory = "recordings/" });

        Assert.Equal(
            "CallingBot:Recording:MetadataFallbackDirectory must not be CallingBot:Recording:Directory itself: it is where metadata goes when that directory cannot take it.",
            Assert.Single(result.Failures!));
    }

    [Fact]
    public void Validate_MetadataFallbackDirectoryBlank_Fails()
    {
        var result = new ComplianceRecordingOptionsValidator().Validate(null, new ComplianceRecordingOptions { MetadataFallbackDirectory = " " });

        Assert.Equal("CallingBot:Recording:MetadataFallbackDirectory ' ' is not a valid path.", Assert.Single(result.Failures!));
    }

    [Fact]
    public void Validate_AzureBlobWithoutConnection_NamesBothSettings()
    {
        var result = new ComplianceRecordingOptionsValidator().Validate(null, new ComplianceRecordingOptions { Storage = RecordingStorageKind.AzureBlob });

        Assert.Equal(
            "CallingBot:Recording:AzureBlob:ConnectionString or CallingBot:Recording:AzureBlob:AccountUrl is required, one of them (a connection string, or the account's blob endpoint signed in with the managed identity).",
            Assert.Single(result.Failures!));
    }

    [Fact]
    public void Validate_AzureBlobEverySettingBad_NamesEachSettingAndNeverTheSecret()
    {
        var options = new ComplianceRecordingOptions
        {
            Storage = RecordingStorageKind.AzureBlob,
            AzureBlob = new AzureBlobRecordingOptions
            {
                ConnectionString = "not-a-connection-string-but-a-secret",
                ManagedIdentityClientId = "client",
                Container = "Recordings_2026",
                BlobPrefix = "/calls",
                RetryDelay = TimeSpan.Zero,
                MaxRetryDelay = TimeSpan.FromDays(2),
                ScanInterval = TimeSpan.Zero,
            },
            Retention = new RecordingRetentionOptions { KeepLocalDays = -1 },
        };

        var failures = new ComplianceRecordingOptionsValidator().Validate(null, options).Failures!.ToArray();

        Assert.Collection(
            failures,
            f => Assert.StartsWith("CallingBot:Recording:Retention:KeepLocalDays ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("CallingBot:Recording:AzureBlob:ConnectionString is not a storage connection string", f, StringComparison.Ordinal),
            f => Assert.StartsWith("CallingBot:Recording:AzureBlob:ManagedIdentityClientId ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("CallingBot:Recording:AzureBlob:Container ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("CallingBot:Recording:AzureBlob:BlobPrefix ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("CallingBot:Recording:AzureBlob:RetryDelay ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("CallingBot:Recording:AzureBlob:MaxRetryDelay ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("CallingBot:Recording:AzureBlob:ScanInterval ", f, StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("a-secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AzureBlobAccountUrlWithManagedIdentity_Succeeds()
    {
        var options = new ComplianceRecordingOptions
        {
            Storage = RecordingStorageKind.AzureBlob,
            AzureBlob = new AzureBlobRecordingOptions { AccountUrl = new Uri("https://contoso.blob.core.windows.net"), ManagedIdentityClientId = "9a1b2c3d-0000-4000-8000-000000000001" },
            Retention = new RecordingRetentionOptions { KeepLocalDays = 30 },
        };

        Assert.True(new ComplianceRecordingOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_AccountUrlOverHttp_Fails()
    {
        var options = new ComplianceRecordingOptions
        {
            Storage = RecordingStorageKind.AzureBlob,
            AzureBlob = new AzureBlobRecordingOptions { AccountUrl = new Uri("http://contoso.blob.core.windows.net") },
        };

        Assert.StartsWith("CallingBot:Recording:AzureBlob:AccountUrl must be an absolute https URL", Assert.Single(new ComplianceRecordingOptionsValidator().Validate(null, options).Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RetentionWithLocalStorage_FailsBecauseTheDirectoryIsTheOnlyCopy()
    {
        var result = new ComplianceRecordingOptionsValidator().Validate(null, new ComplianceRecordingOptions { Retention = new RecordingRetentionOptions { KeepLocalDays = 0 } });

        Assert.StartsWith("CallingBot:Recording:Retention:KeepLocalDays deletes local copies once their upload is verified: it needs CallingBot:Recording:Storage AzureBlob", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyEntryInServedLists_NamesTheEntry()
    {
        var result = new ComplianceRecordingOptionsValidator().Validate(null, new ComplianceRecordingOptions { PolicyIdentifiers = ["Tag:Sales", " "], ApplicationInstanceIds = [""] });

        Assert.Collection(
            result.Failures!,
            f => Assert.StartsWith("CallingBot:Recording:PolicyIdentifiers:1 is empty", f, StringComparison.Ordinal),
            f => Assert.StartsWith("CallingBot:Recording:ApplicationInstanceIds:0 is empty", f, StringComparison.Ordinal));
    }
}
