using CallingBot.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore;

/// <summary>
/// Runs a bot's <c>Program</c> so a start that fails for a known reason ends in one line that says what to change,
/// not a stack trace, and a distinct exit code:
/// <code>
/// return await CallingBotStart.RunAsync(async () =>
/// {
///     var builder = CallingBotStart.CreateBuilder(args);
///     builder.AddCallingBot(bot => bot.UseRouter&lt;MyRouter&gt;());
///     await using var app = builder.Build();
///     app.MapCallingBot();
///     await app.RunAsync();
/// });
/// </code>
/// </summary>
public static class CallingBotStart
{
    /// <summary>The bot ran and stopped.</summary>
    public const int Success = 0;

    /// <summary>The configuration is invalid: every invalid setting is printed, named, one per line.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>The start failed for a reason printed in one line (an address in use, a certificate, a build without local mode).</summary>
    public const int StartFailed = StartFailure.ExitCode;

    /// <summary>The host setting, first on the command line so that the bot's own arguments can still turn the watcher on.</summary>
    private const string SettingsFilesNotWatched = "--hostBuilder:reloadConfigOnChange=false";

    /// <summary>
    /// <see cref="WebApplication.CreateBuilder(string[])"/> (the same defaults: settings files, user secrets in
    /// Development, environment variables, the command line) with the settings files read once, at start, not watched.
    /// The bot reads its settings when it starts, and the host's watcher of <c>appsettings.json</c> watches the whole
    /// content root and everything under it, so every file the bot writes there (the crash-recovery journal, recordings,
    /// the call history) would wake it. Add <c>--hostBuilder:reloadConfigOnChange=true</c> to the arguments to watch them
    /// anyway.
    /// </summary>
    /// <param name="args">The command-line arguments.</param>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return WebApplication.CreateBuilder([SettingsFilesNotWatched, .. args]);
    }

    /// <summary>
    /// Runs <paramref name="run"/> and returns the process's exit code: <see cref="Success"/>, or
    /// <see cref="InvalidConfiguration"/> and <see cref="StartFailed"/> after printing why to <paramref name="error"/>
    /// (standard error by default). Any other exception is not caught.
    /// </summary>
    public static async Task<int> RunAsync(Func<Task> run, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        error ??= Console.Error;
        try
        {
            await run().ConfigureAwait(false);
            return Success;
        }
        catch (OptionsValidationException exception)
        {
            await error.WriteLineAsync("CallingBot cannot start: the configuration is invalid.").ConfigureAwait(false);
            foreach (var failure in exception.Failures)
            {
                await error.WriteLineAsync($"  - {failure}").ConfigureAwait(false);
            }

            return InvalidConfiguration;
        }
        catch (Exception exception) when (Describe(exception) is { } reason)
        {
            await error.WriteLineAsync($"CallingBot cannot start: {reason}").ConfigureAwait(false);
            return StartFailed;
        }
    }

    /// <summary>
    /// The one-line explanation of a known start failure (an address already in use, a missing or unreadable server
    /// certificate, a <see cref="CallingBotStartException"/>), or null for anything else.
    /// </summary>
    public static string? Describe(Exception exception) => StartFailure.Describe(exception);
}
