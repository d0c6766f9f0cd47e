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
        };

        var result = new ComplianceRecordingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToArray();
        Assert.Equal(5, failures.Length);
        Assert.StartsWith("CallingBot:Recording:Directory ", failures[0], StringComparison.Ordinal);
        Assert.StartsWith("CallingBot:Recording:ParticipantCapacity ", failures[1], StringComparison.Ordinal);
        Assert.StartsWith("CallingBot:Recording:FlushInterval ", failures[2], StringComparison.Ordinal);
        Assert.StartsWith("CallingBot:Recording:FailurePolicy ", failures[3], StringComparison.Ordinal);
        Assert.StartsWith("CallingBot:Recording:MaxStorageRetries ", failures[4], StringComparison.Ordinal);
    }
}
