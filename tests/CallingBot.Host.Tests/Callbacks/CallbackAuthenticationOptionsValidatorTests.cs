using CallingBot.AspNetCore.Callbacks;
using CallingBot.AspNetCore.Hosting;

namespace CallingBot.Host.Tests.Callbacks;

public sealed class CallbackAuthenticationOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var result = new CallbackAuthenticationOptionsValidator(HostMode.Real).Validate(null, new CallbackAuthenticationOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_TokenLimitsOutOfRange_FailNamingEachSetting()
    {
        var options = new CallbackAuthenticationOptions
        {
            MaxRequestsPerToken = 0,
            TokenRequestWindow = TimeSpan.FromHours(2),
            ReplayCacheCapacity = 10,
        };

        var result = new CallbackAuthenticationOptionsValidator(HostMode.Real).Validate(null, options);

        Assert.Equal(
            [
                "CallingBot:Callbacks:MaxRequestsPerToken must be between 1 and 10000000.",
                "CallingBot:Callbacks:TokenRequestWindow must be between 00:00:01 and 01:00:00.",
                "CallingBot:Callbacks:ReplayCacheCapacity must be between 1000 and 10000000.",
            ],
            result.Failures);
    }
}
