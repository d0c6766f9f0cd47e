using Serilog.Core;
using Serilog.Events;

namespace CallingBot.AspNetCore.Logging;

/// <summary>Adds <c>CallIdTag</c> (" [call …]") for the text template when an event carries a CallId.</summary>
internal sealed class CallIdTagEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        var tag = logEvent.Properties.TryGetValue("CallId", out var callId) && callId is ScalarValue { Value: string id }
            ? $" [call {id}]"
            : string.Empty;
        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("CallIdTag", tag));
    }
}
