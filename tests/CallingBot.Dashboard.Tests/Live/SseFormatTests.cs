using CallingBot.Dashboard.Live;

namespace CallingBot.Dashboard.Tests.Live;

public sealed class SseFormatTests
{
    [Fact]
    public void Event_OneLineData_IsEventThenDataThenABlankLine()
    {
        Assert.Equal("event: call\ndata: {\"a\":1}\n\n", SseFormat.Event("call", "{\"a\":1}"));
    }

    [Fact]
    public void Event_DataWithLineBreaksAndAnId_EachLineIsItsOwnDataField()
    {
        Assert.Equal("id: 7\nevent: x\ndata: one\ndata: two\ndata: three\n\n", SseFormat.Event("x", "one\r\ntwo\nthree", 7));
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("a:b")]
    [InlineData("")]
    public void Event_NameThatWouldBreakTheFrame_IsRefused(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => SseFormat.Event(name, "{}"));
    }

    [Fact]
    public void Comment_IsAColonLineThatCannotInjectAnEvent()
    {
        Assert.Equal(": heartbeat\n\n", SseFormat.Comment("heartbeat"));
        Assert.Equal(": a event: x\n\n", SseFormat.Comment("a\nevent: x"));
    }
}
