using CallingBot.Graph.Configuration;

namespace CallingBot.AspNetCore.Hosting;

/// <summary>
/// The testing and embedding entry: builds a whole CallingBot web application in one call, for tests, benchmarks and
/// tools that host a bot inside their own process. A bot's own <c>Program.cs</c> uses
/// <see cref="CallingBotHostingExtensions.AddCallingBot"/> and <see cref="CallingBotHostingExtensions.MapCallingBot"/>
/// on <see cref="CallingBotStart.CreateBuilder(string[])"/> instead, exactly as this method does.
/// </summary>
public static class CallingBotApplication
{
    /// <param name="args">Command-line arguments (for example <c>--urls</c>).</param>
    /// <param name="configure">Adds configuration and services before the bot is added (so its settings are seen).</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The application, built and mapped, not started.</returns>
    /// <remarks>
    /// The application is named after the entry assembly, as <see cref="WebApplication.CreateBuilder(string[])"/> names
    /// it: in Development its user secrets are those of the process's entry assembly (for example a tool's). In local
    /// mode the emulator starts with the application, not here.
    /// </remarks>
    public static Task<WebApplication> CreateAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var builder = CallingBotStart.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddCallingBot();
        var app = builder.Build();
        app.MapCallingBot();
        return Task.FromResult(app);
    }

    /// <summary>The mode to run in: the configured one, or for <see cref="HostMode.Auto"/> local without a Graph app id and real with one.</summary>
    internal static HostMode ResolveMode(HostMode configured, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configured != HostMode.Auto)
        {
            return configured;
        }

        return string.IsNullOrWhiteSpace(configuration[$"{GraphCallingOptions.SectionName}:AppId"]) ? HostMode.Local : HostMode.Real;
    }
}
