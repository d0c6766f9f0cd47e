using CallingBot.AspNetCore;
using MyBot;

// With no Graph credentials configured the bot starts in local mode: the Graph calling emulator runs in this process
// and the log says where to ring the bot from a browser. Configure CallingBot:Graph (user secrets in Development) to
// run against Microsoft Graph. A start failure (a port in use, an invalid setting) is printed as one line.
return await CallingBotStart.RunAsync(async () =>
{
    var builder = CallingBotStart.CreateBuilder(args);
    builder.AddCallingBot(bot => bot.AddMyBot());

    await using var app = builder.Build();
    app.MapCallingBot();
    await app.RunAsync();
});
