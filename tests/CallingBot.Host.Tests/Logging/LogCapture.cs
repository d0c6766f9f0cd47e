using System.Text;

namespace CallingBot.Host.Tests.Logging;

/// <summary>A thread-safe in-memory console for the log; <see cref="Lines"/> splits what was written at line breaks only.</summary>
public sealed class LogCapture : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>Lines as a terminal or a line-oriented log shipper sees them: split at CR, LF, CRLF, U+2028 and U+2029.</summary>
    public IReadOnlyList<string> Lines =>
        Text.Replace("\r\n", "\n", StringComparison.Ordinal).Split(['\n', '\r', '\u2028', '\u2029', '\u0085']).Where(l => l.Length > 0).ToArray();

    public override void Write(char value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate)
        {
            _text.Append(buffer, index, count);
        }
    }
}
