using CallingBot.Host.Hosting;
using Microsoft.Extensions.Options;

try
{
    await using var app = await CallingBotApplication.CreateAsync(args);
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException exception)
{
    await Console.Error.WriteLineAsync("CallingBot cannot start: the configuration is invalid.");
    foreach (var failure in exception.Failures)
    {
        await Console.Error.WriteLineAsync($"  - {failure}");
    }

    return 2;
}
catch (Exception exception) when (StartFailure.Describe(exception) is { } reason)
{
    await Console.Error.WriteLineAsync($"CallingBot cannot start: {reason}");
    return StartFailure.ExitCode;
}

/// <summary>Entry point of the CallingBot service.</summary>
public partial class Program;
