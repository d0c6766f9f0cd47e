using CallingBot.Core.Calls;

namespace CallingBot.Core.Tests.Calls;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("+1234567", true)]
    [InlineData("+14255550123", true)]
    [InlineData("+123456789012345", true)]
    [InlineData("+123456", false)]
    [InlineData("+1234567890123456", false)]
    [InlineData("14255550123", false)]
    [InlineData("+04255550123", false)]
    [InlineData("+1425555012a", false)]
    [InlineData("+1 425 555 0123", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsE164_Value_ReturnsExpected(string? value, bool expected)
    {
        Assert.Equal(expected, PhoneNumber.IsE164(value));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("+12345", "******")]
    [InlineData("+1234567", "+123**67")]
    [InlineData("+14255550123", "+1425*****23")]
    [InlineData("+123456789012345", "+1234*********45")]
    public void Mask_Value_KeepsPrefixAndLastTwoDigits(string? value, string expected)
    {
        Assert.Equal(expected, PhoneNumber.Mask(value));
    }

    [Fact]
    public void Mask_EveryValidLength_NeverShowsTheFullNumber()
    {
        for (var digits = 7; digits <= 15; digits++)
        {
            var number = "+" + string.Concat(Enumerable.Range(1, digits).Select(i => (char)('0' + (i % 9) + 1)));
            var masked = PhoneNumber.Mask(number);

            Assert.Equal(number.Length, masked.Length);
            Assert.DoesNotContain(number, masked, StringComparison.Ordinal);
            Assert.True(masked.Count(c => c == '*') >= 2, $"'{masked}' hides fewer than two digits of a {digits}-digit number.");
            Assert.EndsWith(number[^2..], masked, StringComparison.Ordinal);
        }
    }
}
