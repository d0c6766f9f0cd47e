using CallingBot.History.Records;
using CallingBot.AspNetCore.Api.History;

namespace CallingBot.Host.Tests.Api;

/// <summary>CSV fields are escaped (RFC 4180) and cannot run as spreadsheet formulas.</summary>
public sealed class HistoryCsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("+14255550123", "'+14255550123")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Field_Value_IsEscapedAndNeutralised(string? value, string expected)
    {
        Assert.Equal(expected, HistoryCsv.Field(value));
    }

    [Fact]
    public void Write_EntryWithHostileText_KeepsOneRowPerCall()
    {
        var entry = new CallHistoryEntry
        {
            CallId = "call-1",
            Direction = "incoming",
            Outcome = "answered",
            Caller = new CallHistoryParty("guest", "g-1", "=cmd|' /C calc'!A0"),
            StartedAt = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero),
            AnsweredAt = new DateTimeOffset(2026, 3, 2, 9, 0, 1, TimeSpan.Zero),
            EndedAt = new DateTimeOffset(2026, 3, 2, 9, 1, 1, 500, TimeSpan.Zero),
            TerminationMessage = "line one\r\nline, two",
            Media = "serviceHosted",
        };

        var csv = HistoryCsv.Write([entry]);

        var rows = csv.Split("\r\n");
        Assert.Equal(4, rows.Length); // header, the row (its quoted message holds a CRLF), and the final line end
        Assert.Contains(",'=cmd|' /C calc'!A0,", csv, StringComparison.Ordinal);
        Assert.Contains(",2026-03-02T09:00:00.000000Z,2026-03-02T09:00:01.000000Z,2026-03-02T09:01:01.500000Z,60.5,", csv, StringComparison.Ordinal);
        Assert.Contains(",\"line one\r\nline, two\",", csv, StringComparison.Ordinal);
    }
}
