using Serilog.Core;
using Serilog.Events;

namespace CallingBot.AspNetCore.Logging;

/// <summary>
/// Adds <c>TraceTag</c> (" [trace … span …]") for the text template when an event was written inside a span, so a text
/// log line can be joined to its trace as a JSON line can (where <c>TraceId</c> and <c>SpanId</c> are fields).
/// </summary>
internal sealed class TraceTagEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        var tag = logEvent.TraceId is { } trace && logEvent.SpanId is { } span
            ? $" [trace {trace.ToHexString()} span {span.ToHexString()}]"
            : string.Empty;
        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("TraceTag", tag));
    }
}
