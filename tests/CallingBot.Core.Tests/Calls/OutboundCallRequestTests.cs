using CallingBot.Core.Calls;

namespace CallingBot.Core.Tests.Calls;

public sealed class OutboundCallRequestTests
{
    private static readonly ParticipantIdentity Bob = new(IdentityKind.User, "5f0c3a51-7d4e-4b8a-9c2d-1e2f3a4b5c6d");
    private static readonly ParticipantIdentity Phone = new(IdentityKind.Phone, "+14255550123");

    public static TheoryData<string, OutboundCallRequest, string, string> Invalid => new()
    {
        { "no targets", new OutboundCallRequest { Targets = [] }, nameof(OutboundCallRequest.Targets), "At least one target is required." },
        { "phone without a source", new OutboundCallRequest { Targets = [Phone] }, nameof(OutboundCallRequest.Source), "Calling a phone number needs an application instance as the source (the bot's calling number)." },
        { "phone from a user", new OutboundCallRequest { Targets = [Bob, Phone], Source = Bob }, nameof(OutboundCallRequest.Source), "Calling a phone number needs an application instance as the source (the bot's calling number)." },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void FindErrorAndValidate_BrokenRule_AgreeOnThePropertyAndMessage(string because, OutboundCallRequest request, string property, string message)
    {
        var error = request.FindError();
        var thrown = Assert.Throws<ArgumentException>(request.Validate);

        Assert.True(error is not null, because);
        Assert.Equal(new RequestError(property, message), error);
        Assert.Equal(property, thrown.ParamName);
        Assert.StartsWith(message, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindError_PhoneFromTheBotsApplicationInstance_IsNull()
    {
        var request = new OutboundCallRequest { Targets = [Phone], Source = new ParticipantIdentity(IdentityKind.ApplicationInstance, "c4a1e2b3-0000-4d5e-8f90-a1b2c3d4e5f6") };

        Assert.Null(request.FindError());
        request.Validate();
    }
}
