using CallingBot.Core.Calls;
using CallingBot.History.Configuration;
using CallingBot.History.Masking;
using CallingBot.History.Records;

namespace CallingBot.History.Tests.Masking;

public sealed class PartyMaskerTests
{
    private const string UserId = "8A34A46B-3D17-4ADC-8DCE-DC4E7D572698";
    private const string Key = "0123456789abcdef-history-key";

    [Fact]
    public void Mask_None_KeepsIdsAndNames()
    {
        var masker = Masker(HistoryMaskingMode.None);

        Assert.Equal(new CallHistoryParty("user", UserId, "Alice"), masker.Mask(ParticipantIdentity.User(UserId, "Alice")));
        Assert.Equal(new CallHistoryParty("phone", "+14255550123", null), masker.Mask(ParticipantIdentity.Phone("+14255550123")));
    }

    [Fact]
    public void Mask_Partial_KeepsTheLastFourDigitsOfANumberAndHashesOtherIds()
    {
        var masker = Masker(HistoryMaskingMode.Partial);

        var phone = masker.Mask(ParticipantIdentity.Phone("+14255550123"));
        var user = masker.Mask(ParticipantIdentity.User(UserId, "Alice"));

        Assert.Equal(new CallHistoryParty("phone", "+*******0123", null), phone);
        Assert.Equal("user", user.Kind);
        Assert.Null(user.DisplayName);
        Assert.Matches("^h:[0-9a-f]{32}$", user.Id);
        Assert.DoesNotContain("8a34a46b", user.Id, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Mask_SameUserIdInEitherCase_GivesOneHash()
    {
        var masker = Masker(HistoryMaskingMode.Partial);

        Assert.Equal(masker.Mask(ParticipantIdentity.User(UserId)).Id, masker.Mask(ParticipantIdentity.User(UserId.ToLowerInvariant())).Id);
    }

    [Fact]
    public void Mask_Hash_HashesNumbersWithTheKey()
    {
        var keyed = Masker(HistoryMaskingMode.Hash, Key);
        var otherKey = Masker(HistoryMaskingMode.Hash, Key + "-rotated");

        var phone = keyed.Mask(ParticipantIdentity.Phone("+14255550123"));

        Assert.Matches("^h:[0-9a-f]{32}$", phone.Id);
        Assert.NotEqual(phone.Id, otherKey.Mask(ParticipantIdentity.Phone("+14255550123")).Id);
        Assert.NotEqual(phone.Id, Masker(HistoryMaskingMode.Partial).Mask(ParticipantIdentity.User("+14255550123")).Id);
    }

    [Theory]
    [InlineData(HistoryMaskingMode.None)]
    [InlineData(HistoryMaskingMode.Partial)]
    [InlineData(HistoryMaskingMode.Hash)]
    public void MaskQuery_RawIdOrNumber_MatchesTheStoredForm(HistoryMaskingMode mode)
    {
        var masker = Masker(mode, Key);

        Assert.Equal(masker.Mask(ParticipantIdentity.Phone("+14255550123")).Id, masker.MaskQuery("+14255550123"));
        Assert.Equal(masker.Mask(ParticipantIdentity.User(UserId)).Id, masker.MaskQuery(UserId));
    }

    [Fact]
    public void MaskQuery_AlreadyMaskedValue_IsTakenAsItIs()
    {
        var masker = Masker(HistoryMaskingMode.Partial);

        Assert.Equal("+*******0123", masker.MaskQuery("+*******0123"));
        Assert.Equal("h:00112233445566778899aabbccddeeff", masker.MaskQuery("h:00112233445566778899aabbccddeeff"));
    }

    private static PartyMasker Masker(HistoryMaskingMode mode, string? key = null) => new(new HistoryMaskingOptions { Mode = mode, HashKey = key });
}
