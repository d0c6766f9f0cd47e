using System.Diagnostics;
using System.Text;

namespace CallingBot.Templates.Tests;

/// <summary>Runs the dotnet CLI in a child process with a deadline, as a developer would from a shell.</summary>
internal static class DotnetCli
{
    /// <summary>The output of a finished command.</summary>
    internal sealed record Result(int ExitCode, string Output);

    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>; fails with the
    /// phase's name and the command's output when it exits with an error or outlives <paramref name="timeout"/>.
    /// </summary>
    public static async Task<Result> RunAsync(string phase, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The outer `dotnet test` leaves MSBuild and test-platform variables for its own children; a build of another
        // solution must not inherit them.
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"Phase '{phase}' did not complete within {timeout.TotalMinutes:0.#} min: dotnet {string.Join(' ', arguments)}\n{Tail(output)}");
        }

        // The asynchronous readers finish after the exit; WaitForExit() without a timeout waits for them.
        process.WaitForExit();
        var text = Snapshot(output);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Phase '{phase}' failed (exit code {process.ExitCode}): dotnet {string.Join(' ', arguments)}\n{Tail(output)}");
        }

        return new Result(process.ExitCode, text);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    /// <summary>The last 8,000 characters: enough to see the error without flooding the test report.</summary>
    private static string Tail(StringBuilder output)
    {
        var text = Snapshot(output);
        return text.Length <= 8000 ? text : "…" + text[^8000..];
    }
}
