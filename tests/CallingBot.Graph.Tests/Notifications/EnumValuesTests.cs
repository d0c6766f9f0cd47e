using CallingBot.Graph.Notifications;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions.Helpers;

namespace CallingBot.Graph.Tests.Notifications;

/// <summary>The reader's remembered enum values read every text as Kiota does, and stay bounded.</summary>
public sealed class EnumValuesTests
{
    public static TheoryData<string> CallStateTexts => new()
    {
        "incoming", "establishing", "established", "terminating", "terminated", "transferAccepted", "unknownFutureValue",
        "Established", "ESTABLISHED", "transferaccepted", "TransferAccepted", "ringing", "nope", " established", "established ",
        "1", "-3",
    };

    [Theory]
    [MemberData(nameof(CallStateTexts))]
    public void Parse_AnyText_GivesWhatKiotaGivesTheFirstTimeAndAfter(string text)
    {
        var expected = EnumHelpers.GetEnumValue<CallState>(text);

        Assert.Equal(expected, EnumValues<CallState>.Parse(text));
        Assert.Equal(expected, EnumValues<CallState>.Parse(text));
    }

    [Theory]
    [InlineData("audio")]
    [InlineData("videoBasedScreenSharing")]
    [InlineData("VIDEOBASEDSCREENSHARING")]
    [InlineData("data")]
    [InlineData("unknown")]
    [InlineData("audio,video")]
    [InlineData("hologram")]
    public void Parse_ModalityTexts_GiveWhatKiotaGives(string text)
    {
        Assert.Equal(EnumHelpers.GetEnumValue<Modality>(text), EnumValues<Modality>.Parse(text));
        Assert.Equal(EnumHelpers.GetEnumValue<Modality>(text), EnumValues<Modality>.Parse(text));
    }

    [Fact]
    public void Parse_MoreSpellingsThanItRemembers_RemembersAtMostTheLimitAndStillReadsEveryOne()
    {
        // Every upper/lower-case spelling of "terminating" (2^11 of them) names the same value.
        var spellings = Enumerable.Range(0, 1 << 11)
            .Select(mask => new string("terminating".Select((c, i) => (mask & (1 << i)) != 0 ? char.ToUpperInvariant(c) : c).ToArray()))
            .ToArray();

        foreach (var spelling in spellings)
        {
            Assert.Equal(MediaState.Active, EnumValues<MediaState>.Parse("active"));
            Assert.Equal(CallState.Terminating, EnumValues<CallState>.Parse(spelling));
        }

        Assert.InRange(EnumValues<CallState>.Count, 1, EnumValues<CallState>.MaxTexts);
        Assert.Equal(CallState.Terminating, EnumValues<CallState>.Parse(spellings[^1]));
    }

    [Fact]
    public void Parse_TextsThatNameNothing_AreNotRemembered()
    {
        var before = EnumValues<RecordingStatus>.Count;

        for (var i = 0; i < 1000; i++)
        {
            Assert.Null(EnumValues<RecordingStatus>.Parse($"not-a-status-{i}"));
        }

        Assert.Equal(before, EnumValues<RecordingStatus>.Count);
    }
}
