using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace CallingBot.AspNetCore.Logging;

/// <summary>Writes formatted events to a <see cref="TextWriter"/> (the console log of an embedding host or a test).</summary>
internal sealed class TextWriterSink(ITextFormatter formatter, TextWriter writer) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        lock (_gate)
        {
            formatter.Format(logEvent, writer);
            writer.Flush();
        }
    }
}
