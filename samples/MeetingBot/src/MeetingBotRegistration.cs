using System.ComponentModel.DataAnnotations;
using CallingBot.AspNetCore;
using CallingBot.AspNetCore.Api.Handlers;
using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MeetingBot;

/// <summary>
/// The sample in a host: meeting invitations answered with the meeting bot, other calls declined, and the REST API's
/// meeting joins (<c>POST /api/v1/meetings/join</c> with <c>"handler": "meeting-bot"</c>) run by it too.
/// </summary>
public static class MeetingBotRegistration
{
    public const string SectionName = "MeetingBot";

    public static CallingBotBuilder AddMeetingBot(this CallingBotBuilder bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        bot.Services.AddOptions<MeetingBotSettings>().Bind(bot.Configuration.GetSection(SectionName)).ValidateDataAnnotations().ValidateOnStart();
        bot.Services.AddSingleton(services => services.GetRequiredService<IOptions<MeetingBotSettings>>().Value.ToOptions());
        bot.Services.AddSingleton<IOutboundCallHandlerFactory, MeetingBotHandlerFactory>();
        return bot.UseRouter(services => MeetingBotLauncher.CreateRouter(services.GetRequiredService<MeetingBotOptions>()));
    }
}

/// <summary>The <c>MeetingBot</c> section of appsettings.json.</summary>
public sealed class MeetingBotSettings
{
    /// <summary>The WAV file the bot plays once it is in the meeting.</summary>
    [Required]
    public Uri? AnnouncementUri { get; set; }

    public MeetingBotOptions ToOptions() => new() { Announcement = new Prompt(AnnouncementUri!) };
}

/// <summary>Gives calls the REST API starts (a meeting join) the meeting bot's handler, under the name <c>meeting-bot</c>.</summary>
public sealed class MeetingBotHandlerFactory(MeetingBotOptions options) : IOutboundCallHandlerFactory
{
    public const string HandlerName = "meeting-bot";

    public IReadOnlyCollection<string> HandlerNames { get; } = [HandlerName];

    public CallHandler? Create(OutboundHandlerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.Equals(request.HandlerName ?? HandlerName, HandlerName, StringComparison.OrdinalIgnoreCase) ? new MeetingBotHandler(options) : null;
    }
}
