using CallingBot.AspNetCore;
using IvrBot;

// dotnet run --project samples/IvrBot/src: local mode with the Graph calling emulator in this process (no credentials
// needed); the log prints the softphone's address to ring the bot from a browser. README.md shows how.
return await CallingBotStart.RunAsync(async () =>
{
    var builder = CallingBotStart.CreateBuilder(args);
    builder.AddCallingBot(bot => bot.AddIvrBot());

    await using var app = builder.Build();
    app.MapCallingBot();
    await app.RunAsync();
});
