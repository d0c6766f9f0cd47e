using CallingBot.AspNetCore;
using Microsoft.Extensions.DependencyInjection;

namespace EchoBot;

/// <summary>The sample in a host: every call answered with app-hosted media and echoed.</summary>
public static class EchoBotRegistration
{
    public static CallingBotBuilder AddEchoBot(this CallingBotBuilder bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        bot.Services.AddSingleton<DetectedKeys>();
        return bot.UseRouter<EchoRouter>();
    }
}
