using CallingBot.Core.Meetings;

namespace CallingBot.Core.Tests.Meetings;

public sealed class TeamsJoinUrlTests
{
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string Organizer = "4b1f6a3e-1d2c-4b9a-9e0f-2a3b4c5d6e7f";
    private const string Context = "%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%2c%22Oid%22%3a%224b1f6a3e-1d2c-4b9a-9e0f-2a3b4c5d6e7f%22%7d";
    private const string ScheduledUrl = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjU4YTk2ZjAtNmE4Yi00ZDk4%40thread.v2/0?context=" + Context;

    public static TheoryData<string?, string> MalformedUrls => new()
    {
        { null, "The join URL is empty." },
        { "   ", "The join URL is empty." },
        { "https://teams.microsoft.com/l/meetup-join/" + new string('a', 4096), "The join URL is longer than 4096 characters." },
        { "http://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=" + Context, "The join URL is not an absolute https URL." },
        { "teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0", "The join URL is not an absolute https URL." },
        { "https://teams.microsoft.com/meet/2345678901?p=abc", "The join URL has no '/l/meetup-join/' path; copy the link from the meeting invitation." },
        { "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2?context=" + Context, "The join URL lacks the thread id and message id after '/l/meetup-join/'." },
        { "https://teams.microsoft.com/l/meetup-join/meeting_x%40thread.v2/0?context=" + Context, "The thread id 'meeting_x@thread.v2' is not a Teams chat thread id (19:…@thread…)." },
        { "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x/0?context=" + Context, "The thread id '19:meeting_x' is not a Teams chat thread id (19:…@thread…)." },
        { "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0", "The join URL has no 'context' parameter with the tenant and organizer." },
        { "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%7bTid", "The join URL's context is not valid JSON." },
        { "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%5b1%5d", "The join URL's context is not a JSON object." },
        { "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%7b%22Oid%22%3a%22" + Organizer + "%22%7d", "The join URL's context has no valid tenant id (Tid)." },
        { "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%7b%22Tid%22%3a%22" + Tenant + "%22%2c%22Oid%22%3a%22bob%22%7d", "The join URL's context has no valid organizer id (Oid)." },
    };

    [Fact]
    public void Parse_ScheduledMeetingUrl_ReturnsCoordinates()
    {
        var coordinates = TeamsJoinUrl.Parse(ScheduledUrl);

        Assert.Equal(new MeetingCoordinates("19:meeting_NjU4YTk2ZjAtNmE4Yi00ZDk4@thread.v2", "0", Organizer, Tenant), coordinates);
    }

    [Fact]
    public void Parse_ChannelMeetingUrl_ReadsReplyChainMessageIdFromContext()
    {
        const string url = "https://teams.microsoft.com/l/meetup-join/19%3a4f0e6d9a1b2c4d3e8f7a%40thread.tacv2/1700000000123?context=%7b%22Tid%22%3a%22" + Tenant + "%22%2c%22Oid%22%3a%22" + Organizer + "%22%2c%22MessageId%22%3a%221699999999000%22%7d";

        var coordinates = TeamsJoinUrl.Parse(url);

        Assert.Equal(new MeetingCoordinates("19:4f0e6d9a1b2c4d3e8f7a@thread.tacv2", "1700000000123", Organizer, Tenant, "1699999999000"), coordinates);
    }

    [Fact]
    public void Parse_UnescapedContextAndSurroundingSpaces_ReturnsCoordinates()
    {
        var url = $"  https://teams.microsoft.com/l/meetup-join/19:meeting_abc@thread.v2/0?context={{\"Tid\":\"{Tenant}\",\"Oid\":\"{Organizer}\"}}&anon=true ";

        var coordinates = TeamsJoinUrl.Parse(url);

        Assert.Equal(new MeetingCoordinates("19:meeting_abc@thread.v2", "0", Organizer, Tenant), coordinates);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("1699999999000")]
    public void Format_ThenParse_RoundTrips(string? replyChainMessageId)
    {
        var coordinates = new MeetingCoordinates("19:meeting_Zm9v+YmFy/=@thread.v2", "1700000000123", Organizer, Tenant, replyChainMessageId);

        var url = TeamsJoinUrl.Format(coordinates);

        Assert.StartsWith("https://teams.microsoft.com/l/meetup-join/19%3Ameeting_Zm9v%2BYmFy%2F%3D%40thread.v2/1700000000123?context=", url, StringComparison.Ordinal);
        Assert.Equal(coordinates, TeamsJoinUrl.Parse(url));
    }

    [Fact]
    public void Format_OtherHost_UsesIt()
    {
        var coordinates = TeamsJoinUrl.Parse(ScheduledUrl);

        var url = TeamsJoinUrl.Format(coordinates, "gov.teams.microsoft.us");

        Assert.StartsWith("https://gov.teams.microsoft.us/l/meetup-join/", url, StringComparison.Ordinal);
        Assert.Equal(coordinates, TeamsJoinUrl.Parse(url));
    }

    [Theory]
    [MemberData(nameof(MalformedUrls))]
    public void TryParse_MalformedUrl_ReturnsFalseWithClearMessage(string? url, string expected)
    {
        var parsed = TeamsJoinUrl.TryParse(url, out _, out var error);

        Assert.False(parsed);
        Assert.Equal(expected, error);
    }

    [Theory]
    [MemberData(nameof(MalformedUrls))]
    public void Parse_MalformedUrl_ThrowsFormatExceptionWithMessage(string? url, string expected)
    {
        var error = Assert.Throws<FormatException>(() => TeamsJoinUrl.Parse(url!));

        Assert.Equal(expected, error.Message);
    }
}
