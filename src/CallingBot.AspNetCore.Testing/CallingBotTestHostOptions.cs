using CallingBot.Core.Routing;
using Microsoft.AspNetCore.Builder;

namespace CallingBot.AspNetCore.Testing;

/// <summary>How <see cref="CallingBotTestHost.StartAsync(CallingBotTestHostOptions, CancellationToken)"/> sets the bot up.</summary>
public sealed class CallingBotTestHostOptions
{
    /// <summary>The router of incoming calls; null keeps what <see cref="ConfigureApp"/> or <see cref="ConfigureBot"/> chose, else the default handler.</summary>
    public IIncomingCallRouter? Router { get; set; }

    /// <summary>The bot's clock (digit timeouts, deadlines, timers), for example a <see cref="TimerCountingTimeProvider"/>; null for the system clock.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Configuration and services of the application, as the bot's own Program.cs adds them before <c>AddCallingBot</c>.</summary>
    public Action<WebApplicationBuilder>? ConfigureApp { get; set; }

    /// <summary>The bot's own choices on its <see cref="CallingBotBuilder"/>, for example <c>bot =&gt; bot.UseHandler&lt;MyHandler&gt;()</c>.</summary>
    public Action<CallingBotBuilder>? ConfigureBot { get; set; }

    /// <summary>Settings laid over the test defaults (local mode, dynamic ports, memory history, warnings only).</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where the bot's console log goes (warnings and errors by default); null for standard output.</summary>
    public TextWriter? Log { get; set; }
}
