namespace CallingBot.AspNetCore.Testing.Tests;

public sealed class EventuallyTests
{
    [Fact]
    public async Task UntilAsync_ConditionBecomesTrue_Returns()
    {
        var checks = 0;

        await Eventually.UntilAsync(() => ++checks == 3, "the third check");

        Assert.Equal(3, checks);
    }

    [Fact]
    public async Task UntilAsync_ConditionNeverTrue_FailsNamingThePhase()
    {
        var failure = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.UntilAsync(() => false, "the bot answers", TimeSpan.FromMilliseconds(100)));

        Assert.Equal("Phase 'the bot answers' did not complete within 0.1 s.", failure.Message);
    }

    [Fact]
    public async Task UntilAsync_Probe_ReturnsTheFirstValue()
    {
        var checks = 0;

        var value = await Eventually.UntilAsync(() => ++checks < 2 ? null : "found", "a value");

        Assert.Equal("found", value);
    }

    [Fact]
    public async Task WithinAsync_TaskNeverCompletes_FailsNamingThePhase()
    {
        var never = new TaskCompletionSource<int>();

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.WithinAsync(never.Task, "the handler ends", TimeSpan.FromMilliseconds(100)));

        Assert.Equal("Phase 'the handler ends' did not complete within 0.1 s.", failure.Message);
    }
}
