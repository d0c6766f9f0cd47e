using System.Diagnostics;
using CallingBot.Graph.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Graph.Communications.Common.Telemetry;
using Microsoft.Graph.Communications.Common.Telemetry.Obfuscation;

namespace CallingBot.Graph.Logging;

/// <summary>
/// Forwards the SDK's own log events to an <see cref="ILogger"/>. SDK informational chatter goes to Debug so
/// production logs stay readable; warnings and errors keep their level.
/// </summary>
internal sealed partial class GraphLoggerBridge : IObserver<LogEvent>, IDisposable
{
    private readonly ILogger _logger;
    private readonly IDisposable _subscription;

    public GraphLoggerBridge(ILogger logger)
    {
        _logger = logger;

        // The SDK builds (and obfuscates) every event it logs; skip the ones nobody will read.
        var level = logger.IsEnabled(LogLevel.Trace) ? TraceLevel.Verbose
            : logger.IsEnabled(LogLevel.Debug) ? TraceLevel.Info
            : logger.IsEnabled(LogLevel.Warning) ? TraceLevel.Warning
            : TraceLevel.Error;
        Logger = new GraphLogger("CallingBot", redirectToTrace: false, obfuscationConfiguration: UnloggedBodies.Configure(new HashingObfuscationConfiguration(), level))
        {
            DiagnosticLevel = level,
        };
        _subscription = Logger.Subscribe(this);
    }

    public GraphLogger Logger { get; }

    public void OnNext(LogEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var level = value.Level switch
        {
            TraceLevel.Error => LogLevel.Error,
            TraceLevel.Warning => LogLevel.Warning,
            TraceLevel.Info => LogLevel.Debug,
            _ => LogLevel.Trace,
        };
        if (level == LogLevel.Warning && value.Message?.StartsWith("Custom IRequestAuthenticationProvider", StringComparison.Ordinal) == true)
        {
            // Deliberate: callbacks are authenticated by the host before the SDK parses them.
            level = LogLevel.Debug;
        }
        else if (level == LogLevel.Warning && value.Message?.StartsWith("Operation with context ", StringComparison.Ordinal) == true
            && value.Message.EndsWith(" is not found. Ignoring request.", StringComparison.Ordinal))
        {
            // Deliberate: the adapter waits for recordResponse operations itself (RecordOperations), not in the SDK's table.
            level = LogLevel.Debug;
        }

        if (_logger.IsEnabled(level))
        {
            SdkEvent(_logger, level, value.Component ?? "sdk", value.Message ?? string.Empty);
        }
    }

    public void OnError(Exception error)
    {
    }

    public void OnCompleted()
    {
    }

    public void Dispose()
    {
        _subscription.Dispose();
        Logger.Dispose();
    }

    [LoggerMessage(EventId = GraphEventIds.GraphSdk, EventName = nameof(GraphEventIds.GraphSdk), Message = "SDK {Component}: {Message}")]
    private static partial void SdkEvent(ILogger logger, LogLevel level, string component, string message);
}
