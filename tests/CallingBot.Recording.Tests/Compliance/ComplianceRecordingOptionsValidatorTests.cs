using CallingBot.Recording.Compliance;

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
}
