using CallingBot.Core.Registry;

namespace CallingBot.Core.Tests.Registry;

public sealed class CallRegistryOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrorsAndTenThousandEndedCalls()
    {
        var options = new CallRegistryOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(10_000, options.EndedCallCapacity);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_000_001)]
    public void Validate_CapacityOutOfRange_NamesTheSetting(int capacity)
    {
        var options = new CallRegistryOptions { EndedCallCapacity = capacity };

        Assert.Equal([$"CallingBot:CallRegistry:EndedCallCapacity must be between 1 and 10000000 (got {capacity})."], options.Validate());
    }
}
