using CallingBot.Bench;

return args switch
{
    ["bot-process", ..] => await BotProcess.RunAsync(),
    ["reader", .. var rest] => ReaderRunner.Run(rest),
    [var mode and ("remote-latency" or "rate" or "memory"), .. var rest] => await RemoteRunner.RunAsync(mode, rest),
    _ => await BenchRunner.RunAsync(args),
};
