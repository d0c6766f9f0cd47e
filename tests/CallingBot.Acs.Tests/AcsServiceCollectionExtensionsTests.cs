using CallingBot.Acs.Calling;
using CallingBot.Acs.Configuration;
using CallingBot.Core.Platform;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallingBot.Acs.Tests;

public sealed class AcsServiceCollectionExtensionsTests
{
    [Fact]
    public void AddAcsCalling_ValidOptions_ResolvesTheAcsPlatform()
    {
        using var provider = new ServiceCollection()
            .AddLogging()
            .Configure<AcsOptions>(o =>
            {
                o.ConnectionString = "endpoint=https://contoso.communication.azure.com/;accesskey=QUJD";
                o.CallbackUrl = new Uri("https://bot.contoso.com/api/acs");
                o.SourceUserId = "8:acs:bot";
            })
            .AddAcsCalling()
            .BuildServiceProvider();

        Assert.IsType<AcsCallingPlatform>(provider.GetRequiredService<ICallingPlatform>());
    }

    [Fact]
    public void AddAcsCalling_MissingCallbackUrl_FailsValidationNamingIt()
    {
        using var provider = new ServiceCollection()
            .Configure<AcsOptions>(o =>
            {
                o.ConnectionString = "endpoint=https://contoso.communication.azure.com/;accesskey=QUJD";
                o.SourceUserId = "8:acs:bot";
            })
            .AddAcsCalling()
            .BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AcsOptions>>().Value);

        Assert.Equal(["CallingBot:Acs:CallbackUrl must be an absolute https URL (ACS posts call events there)."], exception.Failures);
    }
}
