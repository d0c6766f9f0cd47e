using CallingBot.Bench;

try
{
    return args switch
    {
        ["bot-process", ..] => await BotProcess.RunAsync(),
        ["relay-process", ..] => await RelayProcess.RunAsync(),
        ["reader", .. var rest] => ReaderRunner.Run(rest),
        [var mode and ("remote-latency" or "rate" or "memory"), .. var rest] => await RemoteRunner.RunAsync(mode, rest),
        _ => await BenchRunner.RunAsync(args),
    };
}
catch (ArgumentException exception) when (exception.GetType() == typeof(ArgumentException))
{
    // A mistake in the command line: say what, without a stack trace.
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}
