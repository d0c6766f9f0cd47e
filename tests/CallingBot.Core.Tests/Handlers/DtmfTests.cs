using CallingBot.Core.Handlers;

namespace CallingBot.Core.Tests.Handlers;

public sealed class DtmfTests
{
    [Fact]
    public void IsValid_AllKeysUpperAndLower_True()
    {
        Assert.All("0123456789*#ABCDabcd", key => Assert.True(Dtmf.IsValid(key), $"'{key}' should be a DTMF key."));
    }

    [Theory]
    [InlineData('E')]
    [InlineData('+')]
    [InlineData(' ')]
    public void IsValid_OtherKeys_False(char key)
    {
        Assert.False(Dtmf.IsValid(key));
    }

    [Fact]
    public void ValidateSequence_TooLong_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Dtmf.ValidateSequence(new string('1', 65), "tones"));

        Assert.StartsWith("Send 1 to 64 DTMF keys.", error.Message, StringComparison.Ordinal);
    }
}
