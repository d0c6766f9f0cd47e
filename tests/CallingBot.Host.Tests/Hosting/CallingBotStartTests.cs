using CallingBot.AspNetCore;
using CallingBot.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace CallingBot.Host.Tests.Hosting;

/// <summary>Every bot's Program gets the service's start errors: one line, no stack trace, and an exit code that says which.</summary>
public sealed class CallingBotStartTests
{
    [Fact]
    public async Task RunAsync_RunCompletes_ReturnsZeroAndPrintsNothing()
    {
        using var error = new StringWriter();

        var code = await CallingBotStart.RunAsync(() => Task.CompletedTask, error);

        Assert.Equal(0, code);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task RunAsync_InvalidConfiguration_PrintsEachSettingAndReturnsTwo()
    {
        using var error = new StringWriter();
        var invalid = new OptionsValidationException("CallingBot", typeof(object), ["CallingBot:DrainTimeout must be between 0 and 1 hour (got -00:00:01).", "CallingBot:Graph:CallbackUrl is required in real mode."]);

        var code = await CallingBotStart.RunAsync(() => throw invalid, error);

        Assert.Equal(CallingBotStart.InvalidConfiguration, code);
        Assert.Equal(2, code);
        Assert.Equal(
            [
                "CallingBot cannot start: the configuration is invalid.",
                "  - CallingBot:DrainTimeout must be between 0 and 1 hour (got -00:00:01).",
                "  - CallingBot:Graph:CallbackUrl is required in real mode.",
            ],
            error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task RunAsync_ExplainedStartFailure_PrintsOneLineAndReturnsThree()
    {
        using var error = new StringWriter();

        var code = await CallingBotStart.RunAsync(async () =>
        {
            await Task.Yield();
            throw new AggregateException(new CallingBotStartException("Local mode needs an https endpoint for callbacks."));
        }, error);

        Assert.Equal(CallingBotStart.StartFailed, code);
        Assert.Equal(StartFailure.ExitCode, code);
        Assert.Equal("CallingBot cannot start: Local mode needs an https endpoint for callbacks." + Environment.NewLine, error.ToString());
    }

    [Fact]
    public async Task RunAsync_AnyOtherFailure_Propagates()
    {
        using var error = new StringWriter();

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => CallingBotStart.RunAsync(() => throw new InvalidOperationException("a bug"), error));

        Assert.Equal("a bug", thrown.Message);
        Assert.Empty(error.ToString());
    }
}
