using CallingBot.Core.Calls;
using CallingBot.Core.Routing;

namespace CallingBot.Core.Tests.Routing;

public sealed class RedirectOptionsTests
{
    private static ParticipantIdentity[] Users(int count) => Enumerable.Range(1, count).Select(i => ParticipantIdentity.User($"user-{i}")).ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(26)]
    public void Constructor_TargetCountOutOfRange_Throws(int count)
    {
        var error = Assert.Throws<ArgumentException>(() => new RedirectOptions(Users(count)));

        Assert.Equal("targets", error.ParamName);
        Assert.StartsWith($"A redirect needs 1 to 25 targets; got {count}.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_TwentyFiveTargets_Accepted()
    {
        Assert.Equal(25, new RedirectOptions(Users(25)).Targets.Count);
    }

    [Theory]
    [InlineData(14.999)]
    [InlineData(90.001)]
    public void Constructor_TimeoutOutOfRange_Throws(double seconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RedirectOptions(Users(1), TimeSpan.FromSeconds(seconds)));

        Assert.Equal("timeout", error.ParamName);
        Assert.StartsWith("Redirect timeout must be between 15 and 90 seconds.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(90)]
    public void Constructor_TimeoutAtBounds_Accepted(int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), new RedirectOptions(Users(1), TimeSpan.FromSeconds(seconds)).Timeout);
    }

    [Fact]
    public void Constructor_VoicemailWithTwoTargets_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new RedirectOptions(Users(2), toVoicemail: true));

        Assert.Equal("targets", error.ParamName);
        Assert.StartsWith("Redirect to voicemail takes exactly one target (the user whose voicemail answers).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_VoicemailWithOneTarget_Accepted()
    {
        var options = new RedirectOptions(Users(1), TimeSpan.FromSeconds(30), toVoicemail: true);

        Assert.True(options.ToVoicemail);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
    }
}
