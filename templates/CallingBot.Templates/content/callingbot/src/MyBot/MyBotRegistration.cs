using CallingBot.AspNetCore;

namespace MyBot;

/// <summary>What the bot adds to CallingBot: its settings and its handler. Program.cs and the tests both use it.</summary>
public static class MyBotRegistration
{
    public static CallingBotBuilder AddMyBot(this CallingBotBuilder bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        bot.Services.AddOptions<GreetingOptions>()
            .Bind(bot.Configuration.GetSection(GreetingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Every incoming call is answered with a new GreetingHandler. For a choice per caller (reject, forward, answer
        // with different handlers), register a router instead: bot.UseRouter<MyRouter>().
        return bot.UseHandler<GreetingHandler>();
    }
}
