using CallingBot.Core.Calls;

namespace CallingBot.Core.Tests.Calls;

public sealed class ParticipantIdentityTests
{
    [Fact]
    public void Phone_ValidNumber_CreatesPhoneIdentity()
    {
        var identity = ParticipantIdentity.Phone("+14255550123");

        Assert.Equal(new ParticipantIdentity(IdentityKind.Phone, "+14255550123"), identity);
        Assert.Equal("phone:+1425*****23", identity.ToString());
    }

    [Theory]
    [InlineData("14255550123")]
    [InlineData("+04255550123")]
    [InlineData("+1425555012a")]
    [InlineData("+1 425 555 0123")]
    [InlineData("+1234567890123456")]
    [InlineData("+123456")]
    [InlineData("")]
    public void Phone_InvalidNumber_ThrowsWithMaskedNumberOnly(string number)
    {
        var error = Assert.Throws<ArgumentException>(() => ParticipantIdentity.Phone(number));

        Assert.Equal("e164Number", error.ParamName);
        Assert.StartsWith($"'{PhoneNumber.Mask(number)}' is not an E.164 phone number (+ followed by 7 to 15 digits).", error.Message, StringComparison.Ordinal);
        if (number.Length > 0)
        {
            Assert.DoesNotContain(number, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToString_NonPhoneKinds_ShowKindAndId()
    {
        Assert.Equal("user:8f2c", ParticipantIdentity.User("8f2c", "Ada").ToString());
        Assert.Equal("application:app-1", ParticipantIdentity.Application("app-1").ToString());
        Assert.Equal("applicationinstance:inst-1", ParticipantIdentity.ApplicationInstance("inst-1").ToString());
    }

    [Fact]
    public void ToString_RecordContainingPhone_MasksNumber()
    {
        var participant = new ParticipantInfo("p-1", ParticipantIdentity.Phone("+14255550123"));

        Assert.DoesNotContain("+14255550123", participant.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Factories_BlankIdOrName_Throw()
    {
        Assert.Throws<ArgumentException>(() => ParticipantIdentity.User(" "));
        Assert.Throws<ArgumentException>(() => ParticipantIdentity.ApplicationInstance(""));
        Assert.Throws<ArgumentException>(() => ParticipantIdentity.Guest(" "));
    }

    [Fact]
    public void Guest_WithoutId_GetsGeneratedIdAndKeepsName()
    {
        var guest = ParticipantIdentity.Guest("Visitor");

        Assert.Equal(IdentityKind.Guest, guest.Kind);
        Assert.Equal("Visitor", guest.DisplayName);
        Assert.True(Guid.TryParse(guest.Id, out _));
    }
}
