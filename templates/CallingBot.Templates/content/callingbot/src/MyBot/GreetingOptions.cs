using System.ComponentModel.DataAnnotations;

namespace MyBot;

/// <summary>What the greeting handler plays and how long it waits: the <c>MyBot</c> section of appsettings.json.</summary>
public sealed class GreetingOptions
{
    public const string SectionName = "MyBot";

    /// <summary>
    /// Where the prompts are: an https folder the calling service can fetch WAV files from (16 kHz, 16-bit, mono).
    /// The handler plays <c>welcome.wav</c>, <c>key-0.wav</c> … <c>key-9.wav</c>, <c>key-star.wav</c>,
    /// <c>key-pound.wav</c>, <c>no-key.wav</c> and <c>goodbye.wav</c> from it.
    /// </summary>
    [Required]
    public Uri? PromptBaseUri { get; set; }

    /// <summary>How long the caller has to press a key after the welcome prompt.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan KeyTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
