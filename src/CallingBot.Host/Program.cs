using CallingBot.AspNetCore;

// The CallingBot service: the hosting library with its default router, which answers every call and stays on it
// quietly (operators drive calls with the REST API). A bot of your own starts the same way, with its router:
// builder.AddCallingBot(bot => bot.UseRouter<MyRouter>()) (docs/hosting.md).
return await CallingBotStart.RunAsync(async () =>
{
    var builder = CallingBotStart.CreateBuilder(args);
    builder.AddCallingBot();
    await using var app = builder.Build();
    app.MapCallingBot();
    await app.RunAsync();
});

/// <summary>Entry point of the CallingBot service.</summary>
public partial class Program;
