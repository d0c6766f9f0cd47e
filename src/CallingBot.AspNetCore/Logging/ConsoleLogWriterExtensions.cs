namespace CallingBot.AspNetCore.Logging;

/// <summary>Where the console log goes, for hosts that embed the bot and for tests.</summary>
public static class ConsoleLogWriterExtensions
{
    private static readonly object ConsoleWriterKey = new();

    /// <summary>
    /// Sends the console log (text or JSON, as configured) to <paramref name="writer"/> instead of standard output.
    /// Call it before <see cref="CallingBotHostingExtensions.AddCallingBot"/>, which builds the logger.
    /// </summary>
    public static WebApplicationBuilder UseConsoleLogWriter(this WebApplicationBuilder builder, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(writer);
        builder.Host.Properties[ConsoleWriterKey] = writer;
        return builder;
    }

    /// <summary>The writer given to <see cref="UseConsoleLogWriter"/>, if any.</summary>
    internal static TextWriter? GetConsoleLogWriter(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Host.Properties.TryGetValue(ConsoleWriterKey, out var writer) ? writer as TextWriter : null;
    }
}
