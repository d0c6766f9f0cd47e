using System.Diagnostics;
using System.Text;

namespace CallingBot.Testing;

/// <summary>
/// Standard output and error of a child process, collected line by line as they arrive (thread-safe), for the message
/// of a failure: a server that exits or never answers says why.
/// </summary>
public sealed class ProcessOutput
{
    private readonly StringBuilder _text = new();

    /// <summary>A new collector of <paramref name="process"/>'s output and error; call after <see cref="Process.Start()"/>.</summary>
    public static ProcessOutput Capture(Process process)
    {
        var output = new ProcessOutput();
        output.Attach(process);
        return output;
    }

    /// <summary>Collects <paramref name="process"/>'s output and error from now on too (a server started again).</summary>
    public void Attach(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Adds one line (ignored when null: the end of a stream).</summary>
    public void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_text)
        {
            _text.AppendLine(line);
        }
    }

    /// <summary>Everything collected so far.</summary>
    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}
