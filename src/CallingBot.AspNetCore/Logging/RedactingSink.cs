using Serilog.Core;
using Serilog.Events;

namespace CallingBot.AspNetCore.Logging;

/// <summary>
/// The one place log content is made safe: every event passes through <see cref="LogRedactor"/> (properties, message
/// template, exception) before it reaches <paramref name="sinks"/>, whichever sinks are configured (console text or
/// JSON, file, or those of a <c>Serilog</c> configuration section).
/// </summary>
internal sealed class RedactingSink(Logger sinks) : ILogEventSink, IDisposable
{
    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        sinks.Write(Redact(logEvent));
    }

    public void Dispose() => sinks.Dispose();

    /// <summary>The event itself when nothing in it needed cleaning; otherwise a cleaned copy.</summary>
    internal static LogEvent Redact(LogEvent logEvent)
    {
        var template = LogRedactor.Clean(logEvent.MessageTemplate);
        var exception = logEvent.Exception is { } raised ? LogRedactor.Clean(raised) : null;
        List<LogEventProperty>? properties = null;
        var index = 0;
        foreach (var (name, value) in logEvent.Properties)
        {
            var (cleanName, cleanValue) = LogRedactor.Clean(name, value);
            if (properties is null && (!ReferenceEquals(cleanName, name) || !ReferenceEquals(cleanValue, value)))
            {
                properties = [.. logEvent.Properties.Take(index).Select(p => new LogEventProperty(p.Key, p.Value))];
            }

            properties?.Add(new LogEventProperty(cleanName, cleanValue));
            index++;
        }

        if (properties is null && ReferenceEquals(template, logEvent.MessageTemplate) && ReferenceEquals(exception, logEvent.Exception))
        {
            return logEvent;
        }

        var cleaned = properties ?? [.. logEvent.Properties.Select(p => new LogEventProperty(p.Key, p.Value))];
        return logEvent.TraceId is { } traceId && logEvent.SpanId is { } spanId
            ? new LogEvent(logEvent.Timestamp, logEvent.Level, exception, template, cleaned, traceId, spanId)
            : new LogEvent(logEvent.Timestamp, logEvent.Level, exception, template, cleaned);
    }
}
