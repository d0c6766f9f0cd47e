using CallingBot.History.Querying;

namespace CallingBot.History.Tests.Querying;

public sealed class CallHistoryCursorTests
{
    [Fact]
    public void Encode_ThenDecode_GivesTheSameCursor()
    {
        var cursor = new CallHistoryCursor(new DateTimeOffset(2026, 3, 2, 9, 15, 4, TimeSpan.Zero).AddTicks(1230), "4b1f0a00-95f6|odd");

        Assert.True(CallHistoryCursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("MXwxMjM")]          // "1|123": no call id
    [InlineData("MnwxMjN8YWJj")]     // "2|123|abc": unknown version
    [InlineData("MXwtNXxhYmM")]      // "1|-5|abc": negative ticks
    public void TryDecode_SomethingThisApiDidNotIssue_IsRefused(string token)
    {
        Assert.False(CallHistoryCursor.TryDecode(token, out var cursor));
        Assert.Null(cursor);
    }
}
