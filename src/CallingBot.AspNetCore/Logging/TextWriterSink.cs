using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace CallingBot.AspNetCore.Logging;

/// <summary>
/// Writes formatted events to a <see cref="TextWriter"/> (the console log of an embedding host or a test, or the
/// process's standard output). With <paramref name="flushEachEvent"/> false the writer is flushed by its owner, once per
/// batch (see <see cref="BackgroundSink"/>).
/// </summary>
internal sealed class TextWriterSink(ITextFormatter formatter, TextWriter writer, bool flushEachEvent = true) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        lock (_gate)
        {
            formatter.Format(logEvent, writer);
            if (flushEachEvent)
            {
                writer.Flush();
            }
        }
    }

    /// <summary>Writes out what is buffered.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            writer.Flush();
        }
    }
}
