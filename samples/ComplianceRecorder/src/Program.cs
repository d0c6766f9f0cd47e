using CallingBot.AspNetCore;

// dotnet run --project samples/ComplianceRecorder/src: local mode with the Graph calling emulator in this process (no credentials
// needed); the log prints the softphone's address to ring the bot from a browser. README.md shows how.
// The recording is the service's own feature, turned on in appsettings.json (CallingBot:Recording:Enabled): this Program
// is the service's, with no router of its own.
return await CallingBotStart.RunAsync(async () =>
{
    var builder = CallingBotStart.CreateBuilder(args);
    builder.AddCallingBot();

    await using var app = builder.Build();
    app.MapCallingBot();
    await app.RunAsync();
});
