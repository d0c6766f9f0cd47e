using CallingBot.AspNetCore.Acs;

namespace CallingBot.Host.Tests.Acs;

public sealed class AcsEndpointOptionsValidatorTests
{
    [Fact]
    public void Validate_NoResourceIdAndShortSecret_NamesEachSetting()
    {
        var result = new AcsEndpointOptionsValidator().Validate(null, new AcsEndpointOptions { EventGridSubscriptions = ["incoming"], EventGridSecret = "short" });

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "CallingBot:Acs:ResourceId is required: the resource's immutable id, the audience of Call Automation's callback tokens.",
                "CallingBot:Acs:EventGridSecret must have at least 32 characters when EventGridSubscriptions is set: the code query parameter of the subscription's endpoint URL.",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_HttpMetadataUrl_IsRefused()
    {
        var result = new AcsEndpointOptionsValidator().Validate(null, new AcsEndpointOptions { ResourceId = "r", CallbackTokenMetadataUrl = new Uri("http://example.com/meta") });

        Assert.Equal(["CallingBot:Acs:CallbackTokenMetadataUrl must be an absolute https URL (default https://acscallautomation.communication.azure.com/calling/.well-known/acsopenidconfiguration)."], result.Failures);
    }

    [Fact]
    public void Validate_Defaults_WithResourceId_Succeed()
    {
        Assert.True(new AcsEndpointOptionsValidator().Validate(null, new AcsEndpointOptions { ResourceId = "r" }).Succeeded);
    }
}
