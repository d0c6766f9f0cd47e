using CallingBot.Acs.Configuration;

namespace CallingBot.Acs.Tests.Configuration;

public sealed class AcsOptionsValidatorTests
{
    [Fact]
    public void Validate_NothingSet_NamesEachMissingSetting()
    {
        var result = new AcsOptionsValidator().Validate(null, new AcsOptions());

        Assert.Equal(
            [
                "CallingBot:Acs:Endpoint is required: the resource's https endpoint (or set ConnectionString).",
                "CallingBot:Acs:AccessKey is required: the resource's base64 access key (or set ConnectionString).",
                "CallingBot:Acs:CallbackUrl must be an absolute https URL (ACS posts call events there).",
                "CallingBot:Acs:SourceUserId is required: the bot's ACS identity (8:acs:...), sent as the call source.",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_HttpEndpointBadKeyAndBadCallerId_NamesEachSetting()
    {
        var options = new AcsOptions
        {
            Endpoint = new Uri("http://contoso.communication.azure.com/"),
            AccessKey = "not-base64!",
            CallbackUrl = new Uri("https://bot.contoso.com/api/acs"),
            SourceUserId = "8:acs:bot",
            CallerIdNumber = "4250123456",
        };

        var result = new AcsOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                "CallingBot:Acs:Endpoint must be an absolute https URL (the resource endpoint).",
                "CallingBot:Acs:AccessKey must be base64 (copy the key from the resource's Keys page).",
                "CallingBot:Acs:CallerIdNumber must be an E.164 number (+ followed by 7 to 15 digits).",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_ConnectionString_ResolvesEndpointAndKeyAndSucceeds()
    {
        var options = new AcsOptions
        {
            ConnectionString = "endpoint=https://contoso.communication.azure.com/;accesskey=QUJD",
            CallbackUrl = new Uri("https://bot.contoso.com/api/acs"),
            SourceUserId = "8:acs:bot",
        };

        var result = new AcsOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, string.Join(" ", result.Failures ?? []));
        Assert.Equal(new Uri("https://contoso.communication.azure.com/"), options.ResolveEndpoint());
        Assert.Equal("QUJD", options.ResolveAccessKey());
    }

    [Fact]
    public void Validate_ConnectionStringWithoutKey_NamesConnectionString()
    {
        var options = new AcsOptions
        {
            ConnectionString = "endpoint=https://contoso.communication.azure.com/",
            CallbackUrl = new Uri("https://bot.contoso.com/api/acs"),
            SourceUserId = "8:acs:bot",
        };

        var result = new AcsOptionsValidator().Validate(null, options);

        Assert.Equal(["CallingBot:Acs:ConnectionString must have the form endpoint=https://...;accesskey=... ."], result.Failures);
    }

    [Theory]
    [InlineData("2025-05-15", true)]
    [InlineData("2024-09-01-preview", true)]
    [InlineData("latest", false)]
    [InlineData("2025-05-15&x=1", false)]
    public void Validate_ApiVersion_AcceptsDateVersionsOnly(string version, bool valid)
    {
        var options = new AcsOptions
        {
            ConnectionString = "endpoint=https://contoso.communication.azure.com/;accesskey=dGVzdA==",
            CallbackUrl = new Uri("https://bot.contoso.com/api/acs/callbacks"),
            SourceUserId = "8:acs:bot",
            ApiVersion = version,
        };

        var result = new AcsOptionsValidator().Validate(null, options);

        Assert.Equal(valid ? [] : ["CallingBot:Acs:ApiVersion must be a date version such as 2025-05-15 or 2024-09-01-preview."], result.Failures ?? []);
    }
}
