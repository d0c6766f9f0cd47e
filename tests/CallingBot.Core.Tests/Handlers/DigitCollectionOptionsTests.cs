using CallingBot.Core.Handlers;

namespace CallingBot.Core.Tests.Handlers;

public sealed class DigitCollectionOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void Validate_MaxDigitsOutOfRange_Throws(int maxDigits)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DigitCollectionOptions { MaxDigits = maxDigits }.Validate());

        Assert.Equal("MaxDigits", error.ParamName);
        Assert.StartsWith("MaxDigits must be between 1 and 64.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ZeroTimeout_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DigitCollectionOptions { FirstDigitTimeout = TimeSpan.Zero }.Validate());

        Assert.StartsWith("Digit timeouts must be positive.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TerminatorNotDtmf_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new DigitCollectionOptions { Terminator = 'x' }.Validate());

        Assert.Equal("Terminator", error.ParamName);
        Assert.StartsWith("'x' is not a DTMF key.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_Pass()
    {
        var options = new DigitCollectionOptions();

        options.Validate();

        Assert.Equal(1, options.MaxDigits);
        Assert.Equal(TimeSpan.FromSeconds(10), options.FirstDigitTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.InterDigitTimeout);
    }
}
