using System.ComponentModel.DataAnnotations;
using CallingBot.AspNetCore;
using CallingBot.Core.Calls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IvrBot;

/// <summary>The sample in a host: the menu on every call, its settings from the <c>IvrBot</c> section.</summary>
public static class IvrBotRegistration
{
    public const string SectionName = "IvrBot";

    public static CallingBotBuilder AddIvrBot(this CallingBotBuilder bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        bot.Services.AddOptions<IvrSettings>().Bind(bot.Configuration.GetSection(SectionName)).ValidateDataAnnotations().ValidateOnStart();
        bot.Services.TryAddSingleton<IVoicemailBox, InMemoryVoicemailBox>();
        return bot.UseRouter(services => IvrRouter.Create(
            services.GetRequiredService<IOptions<IvrSettings>>().Value.ToOptions(),
            services.GetRequiredService<IVoicemailBox>(),
            services.GetService<TimeProvider>()));
    }
}

/// <summary>The <c>IvrBot</c> section of appsettings.json.</summary>
public sealed class IvrSettings
{
    /// <summary>The https folder of the nine WAV prompts (greeting.wav, menu.wav, …).</summary>
    [Required]
    public Uri? PromptBaseUri { get; set; }

    /// <summary>The Entra object id of the user key 2 transfers to.</summary>
    [Required]
    public string? OperatorUserId { get; set; }

    public string OperatorDisplayName { get; set; } = "Operator";

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan MenuTimeout { get; set; } = TimeSpan.FromSeconds(8);

    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan MaxMessageLength { get; set; } = TimeSpan.FromSeconds(60);

    public IvrOptions ToOptions() => new()
    {
        Prompts = IvrPrompts.At(PromptBaseUri!),
        Operator = ParticipantIdentity.User(OperatorUserId!, OperatorDisplayName),
        MenuTimeout = MenuTimeout,
        MaxAttempts = MaxAttempts,
        MaxMessageLength = MaxMessageLength,
    };
}
