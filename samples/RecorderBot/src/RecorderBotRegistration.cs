using System.ComponentModel.DataAnnotations;
using CallingBot.AspNetCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace RecorderBot;

/// <summary>The sample in a host: every call answered with app-hosted media and recorded to <c>RecorderBot:Directory</c>.</summary>
public static class RecorderBotRegistration
{
    public const string SectionName = "RecorderBot";

    public static CallingBotBuilder AddRecorderBot(this CallingBotBuilder bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        bot.Services.AddOptions<RecorderSettings>().Bind(bot.Configuration.GetSection(SectionName)).ValidateDataAnnotations().ValidateOnStart();
        return bot.UseRouter(services =>
        {
            var settings = services.GetRequiredService<IOptions<RecorderSettings>>().Value;
            var contentRoot = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
            return new RecorderRouter(new RecorderOptions
            {
                Directory = Path.GetFullPath(settings.Directory, contentRoot),
                Beep = settings.Beep,
            });
        });
    }
}

/// <summary>The <c>RecorderBot</c> section of appsettings.json.</summary>
public sealed class RecorderSettings
{
    /// <summary>Where the WAV files go; relative to the content root. Default <c>recordings</c>.</summary>
    [Required]
    public string Directory { get; set; } = "recordings";

    /// <summary>The start beep; zero for none. Default 200 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan Beep { get; set; } = TimeSpan.FromMilliseconds(200);
}
